package dev.incidentbot.recovery.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentbot.chat.Actor;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.recovery.Confirmation;
import dev.incidentbot.recovery.ConfirmationStore;
import dev.incidentbot.recovery.NothingToDo;
import dev.incidentbot.recovery.Outcome;
import dev.incidentbot.recovery.Plan;
import dev.incidentbot.recovery.PlanCommand;
import dev.incidentbot.recovery.RecoveryAction;
import dev.incidentbot.recovery.RecoveryPolicy;
import dev.incidentbot.redis.Target;
import dev.incidentbot.testing.RedisExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

@DisplayName("Actions that would change nothing: no plan when nothing matches, no change when gone")
class NothingToChangeTest {
  @RegisterExtension static final RedisExtension redis = new RedisExtension();

  private Target target;
  private TargetConnector connector;
  private final Plans store = new Plans();

  @BeforeEach
  void setUp() {
    target = Target.standalone("cache", redis.server().url());
    connector = Actions.connector(target);
    try (Jedis j = redis.server().client()) {
      j.flushAll();
      j.slowlogReset();
      for (int i = 0; i < 4; i++) {
        j.set("cache:" + i, "v");
      }
    }
  }

  private Reply typed(RecoveryAction action, String... options) {
    var command =
        new PlanCommand(
            action, store, new RecoveryPolicy(Duration.ofMinutes(5), false), Clock.systemUTC());
    return command.handle(Actions.request(action.spec().name(), options), Progress.NONE);
  }

  @Test
  @DisplayName("purge nomatch:*: a short note that nothing matches, no plan, no buttons")
  void purgeMatchingNothing() {
    Reply reply = typed(new PurgeKeysAction(connector), "pattern", "nomatch:*");

    assertThat(reply.title())
        .isEqualTo("Nothing matches nomatch:* on cache (full scan of 4 keys): nothing to do.");
    assertThat(reply.severity()).isEqualTo(Severity.INFO);
    assertThat(reply.buttons()).isEmpty();
    assertThat(store.created).as("no plan is stored").isEmpty();
  }

  @Test
  @DisplayName("kill-clients name:nobody: nothing to do, no plan")
  void killClientsMatchingNothing() {
    Reply reply = typed(new KillClientsAction(connector), "name", "nobody");

    assertThat(reply.title())
        .startsWith("No client matches name:nobody on cache (of ")
        .endsWith("; /redis clients lists them): nothing to do.");
    assertThat(reply.buttons()).isEmpty();
    assertThat(store.created).isEmpty();
  }

  @Test
  @DisplayName("slowlog-reset of an empty slow log: nothing to do")
  void emptySlowlog() {
    assertThatThrownBy(
            () -> new SlowlogResetAction(connector).plan(Actions.request("redis slowlog-reset")))
        .isInstanceOf(NothingToDo.class)
        .hasMessage("The slow log of cache is empty: nothing to do.");
  }

  @Test
  @DisplayName("purge whose keys went between plan and confirm: succeeded, changed nothing")
  void purgeOfKeysGoneMeanwhile() {
    var purge = new PurgeKeysAction(connector);
    Plan plan = purge.plan(Actions.request("redis purge", "pattern", "cache:*"));
    try (Jedis j = redis.server().client()) {
      j.flushAll();
    }

    Outcome outcome = purge.execute(plan, Progress.NONE);

    assertThat(outcome.succeeded()).isTrue();
    assertThat(outcome.changed()).as("follow-ups are scheduled only when true").isFalse();
    assertThat(outcome.headline())
        .isEqualTo("no key matches cache:* on cache any more; none was removed");
  }

  @Test
  @DisplayName("kill-clients whose client left between plan and confirm: changed nothing")
  void killOfClientGoneMeanwhile() {
    var kill = new KillClientsAction(connector);
    Plan plan;
    try (Jedis leaving = redis.server().client()) {
      leaving.clientSetname("leaving");
      plan = kill.plan(Actions.request("redis kill-clients", "name", "leaving"));
    }

    Outcome outcome = kill.execute(plan, Progress.NONE);

    assertThat(outcome.succeeded()).isTrue();
    assertThat(outcome.changed()).isFalse();
    assertThat(outcome.headline())
        .isEqualTo("no client matches name:leaving on cache any more; none was killed");
  }

  /** A store that records the plans it is asked to keep; nothing else is used here. */
  private static final class Plans implements ConfirmationStore {
    final List<Plan> created = new ArrayList<>();

    @Override
    public Confirmation create(Plan plan, Actor requester, Place place, Duration ttl) {
      created.add(plan);
      throw new UnsupportedOperationException("a plan was stored: " + plan.summary());
    }

    @Override
    public Optional<Confirmation> find(String id) {
      return Optional.empty();
    }

    @Override
    public boolean consume(String id, Actor confirmer) {
      return false;
    }

    @Override
    public boolean cancel(String id, Actor canceller) {
      return false;
    }

    @Override
    public void finish(String id, Outcome outcome) {}

    @Override
    public List<Confirmation> interrupted() {
      return List.of();
    }

    @Override
    public boolean claimInterrupted(String id) {
      return false;
    }

    @Override
    public void finishInterrupted(String id, String headline) {}

    @Override
    public boolean requestStop(String id, dev.incidentbot.chat.Actor by) {
      return false;
    }

    @Override
    public java.util.Optional<String> stopRequestedBy(String id) {
      return java.util.Optional.empty();
    }

    @Override
    public List<Confirmation> recent(int limit) {
      return List.of();
    }
  }
}
