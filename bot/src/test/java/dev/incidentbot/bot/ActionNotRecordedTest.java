package dev.incidentbot.bot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.audit.AuditEntry;
import dev.incidentbot.audit.AuditLog;
import dev.incidentbot.bot.store.StoreException;
import dev.incidentbot.chat.Actor;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.recovery.ActionExecutor;
import dev.incidentbot.recovery.Confirmation;
import dev.incidentbot.recovery.ConfirmationStore;
import dev.incidentbot.recovery.Outcome;
import dev.incidentbot.recovery.Plan;
import dev.incidentbot.recovery.action.PurgeKeysAction;
import dev.incidentbot.recovery.action.TargetConnector;
import dev.incidentbot.redis.HealthCheck;
import dev.incidentbot.redis.NodeResolver;
import dev.incidentbot.redis.RedisNodes;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.testing.RedisExtension;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * Issue 14, defect 3: when the database fails after an action ran, the bot still says what the
 * action did (it happened) and says that its end and audit row are not recorded, instead of
 * answering only with the storage error (which reads as if nothing ran).
 */
@DisplayName("an action whose end cannot be recorded: the outcome is said, with what is missing")
class ActionNotRecordedTest {
  @RegisterExtension static final RedisExtension redis = new RedisExtension();

  private final Clock clock = Clock.systemUTC();
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private Wiring wiring;

  @AfterEach
  void stop() {
    if (wiring != null) {
      wiring.close();
    }
    pool.shutdownNow();
  }

  @Test
  @DisplayName("purge ran, finish and audit failed: the reply has the result and two warnings")
  void endNotRecorded() {
    Target target = Target.standalone("main", redis.server().url());
    wiring = TestWiring.start(List.of(target), clock);
    try (Jedis j = redis.server().client()) {
      j.flushAll();
      j.set("cache:1", "v");
      j.set("cache:2", "v");
    }
    var targets = new Targets(List.of(target));
    var nodes = new RedisNodes();
    var diskFull = new SQLException("write failed", new IOException("No space left on device"));
    ConfirmationStore plans = new FinishFails(wiring.confirmations(), diskFull);
    AuditLog audit =
        new AuditLog() {
          @Override
          public void record(AuditEntry entry) {
            throw new StoreException("record /" + entry.command() + " in the audit log", diskFull);
          }

          @Override
          public List<AuditEntry> recent(int limit) {
            return List.of();
          }
        };
    var executor =
        new ActionExecutor(
            List.of(
                new PurgeKeysAction(new TargetConnector(targets, nodes, new NodeResolver(pool)))),
            plans,
            new dev.incidentbot.bot.store.JdbcTargetLocks(wiring.database(), clock),
            audit,
            wiring.timeline(),
            wiring.followUps(),
            new HealthCheck(nodes, pool),
            targets,
            clock,
            Duration.ofSeconds(30));
    Reply planned =
        wiring
            .router()
            .dispatch(
                new Request(
                    "redis purge",
                    Map.of("pattern", "cache:*", "target", "main"),
                    Actor.person("alice", "alice", Set.of("operator")),
                    Place.channel("ops"),
                    clock.instant()),
                Progress.NONE);
    String id = planned.buttons().get(0).action().options().get("id");
    Confirmation c = plans.find(id).orElseThrow();

    Reply outcome = executor.run(c, Actor.person("bob", "bob", Set.of("operator")), Progress.NONE);

    try (Jedis j = redis.server().client()) {
      assertThat(j.exists("cache:1")).isFalse();
    }
    assertThat(outcome.text())
        .contains("Warning: the action ran, but this is not recorded. Could not record the end of")
        .contains("Could not record /redis purge in the audit log")
        .contains("No space left on device");
  }

  /** The bot's confirmation store, except that recording a plan's end fails. */
  private record FinishFails(ConfirmationStore store, SQLException cause)
      implements ConfirmationStore {
    @Override
    public Confirmation create(Plan plan, Actor requester, Place place, Duration ttl) {
      return store.create(plan, requester, place, ttl);
    }

    @Override
    public Optional<Confirmation> find(String id) {
      return store.find(id);
    }

    @Override
    public boolean consume(String id, Actor confirmer) {
      return store.consume(id, confirmer);
    }

    @Override
    public boolean cancel(String id, Actor canceller) {
      return store.cancel(id, canceller);
    }

    @Override
    public void finish(String id, Outcome outcome) {
      throw new StoreException("record the end of plan " + id, cause);
    }

    @Override
    public boolean requestStop(String id) {
      return store.requestStop(id);
    }

    @Override
    public boolean stopRequested(String id) {
      return store.stopRequested(id);
    }

    @Override
    public List<Confirmation> recent(int limit) {
      return store.recent(limit);
    }
  }
}
