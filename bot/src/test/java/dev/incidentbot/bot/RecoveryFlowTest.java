package dev.incidentbot.bot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.audit.AuditEntry;
import dev.incidentbot.chat.Actor;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.recovery.Confirmation;
import dev.incidentbot.redis.Target;
import dev.incidentbot.testing.MutableClock;
import dev.incidentbot.testing.RedisExtension;
import dev.incidentbot.testing.RedisServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

@DisplayName("Confirmation flow on the real database: at most once, expiry, locks, target down")
class RecoveryFlowTest {
  @RegisterExtension static final RedisExtension redis = new RedisExtension();

  private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T10:00:00Z"));
  private Wiring wiring;

  @BeforeEach
  void start() {
    try (Jedis j = redis.server().client()) {
      j.flushAll();
      for (int i = 0; i < 200; i++) {
        j.set("cache:" + i, "v");
        j.set("user:" + i, "kept");
      }
    }
    wiring = TestWiring.start(List.of(Target.standalone("main", redis.server().url())), clock);
  }

  @AfterEach
  void stop() {
    wiring.close();
  }

  private static Actor operator(String name) {
    return Actor.person(name, name, Set.of("operator"));
  }

  private Reply run(Actor actor, String command, Map<String, String> options) {
    return wiring
        .router()
        .dispatch(
            new Request(command, options, actor, Place.channel("ops"), clock.instant()),
            Progress.NONE);
  }

  private String plan(String pattern) {
    Reply plan =
        run(operator("alice"), "redis purge", Map.of("pattern", pattern, "target", "main"));
    assertThat(plan.title()).startsWith("Confirm?");
    return plan.buttons().get(0).action().options().get("id");
  }

  @Test
  @DisplayName("50 operators press Confirm at the same moment: the purge runs exactly once")
  void fiftyConcurrentConfirms() throws Exception {
    String id = plan("cache:*");
    ExecutorService pool = Executors.newFixedThreadPool(50);
    var go = new CountDownLatch(1);
    var replies = new ArrayList<Future<Reply>>();
    for (int i = 0; i < 50; i++) {
      Actor who = operator("op" + i);
      replies.add(
          pool.submit(
              () -> {
                go.await();
                return run(who, "confirm", Map.of("id", id));
              }));
    }
    go.countDown();
    var titles = new ArrayList<String>();
    for (Future<Reply> f : replies) {
      Reply r = f.get();
      titles.add(r.title() + r.text());
    }
    pool.shutdown();

    assertThat(titles).filteredOn(t -> t.startsWith("Done:")).hasSize(1);
    assertThat(titles)
        .filteredOn(t -> t.startsWith("Done:"))
        .first()
        .asString()
        .contains("removed 200 keys");
    assertThat(wiring.audit().recent(500))
        .filteredOn(e -> e.command().equals("redis purge") && e.detail().contains("confirmed by"))
        .hasSize(1);
    assertThat(wiring.confirmations().find(id).orElseThrow().state())
        .isEqualTo(Confirmation.State.DONE);
    try (Jedis j = redis.server().client()) {
      assertThat(j.dbSize()).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("the store itself: 50 threads consume one plan, exactly one wins")
  void storeConsumesOnce() throws Exception {
    String id = plan("cache:*");
    ExecutorService pool = Executors.newFixedThreadPool(50);
    var go = new CountDownLatch(1);
    var wins = new ArrayList<Future<Boolean>>();
    for (int i = 0; i < 50; i++) {
      Actor who = operator("op" + i);
      wins.add(
          pool.submit(
              () -> {
                go.await();
                return wiring.confirmations().consume(id, who);
              }));
    }
    go.countDown();
    int won = 0;
    for (Future<Boolean> f : wins) {
      won += f.get() ? 1 : 0;
    }
    pool.shutdown();
    assertThat(won).isEqualTo(1);
  }

  @Test
  @DisplayName("a plan past its 5 minutes cannot run and cannot be revived; nothing changes")
  void expired() {
    String id = plan("cache:*");
    clock.advance(Duration.ofMinutes(5).plusSeconds(1));

    Reply reply = run(operator("bob"), "confirm", Map.of("id", id));

    assertThat(reply.text()).contains("expired at 10:05:00 UTC without being confirmed");
    assertThat(wiring.confirmations().consume(id, operator("bob"))).isFalse();
    assertThat(wiring.confirmations().find(id).orElseThrow().state())
        .isEqualTo(Confirmation.State.EXPIRED);
    try (Jedis j = redis.server().client()) {
      assertThat(j.dbSize()).isEqualTo(400);
    }
  }

  @Test
  @DisplayName("4 min 59 s after planning it still runs")
  void justInTime() {
    String id = plan("cache:*");
    clock.advance(Duration.ofMinutes(4).plusSeconds(59));
    assertThat(run(operator("bob"), "confirm", Map.of("id", id)).title()).startsWith("Done:");
  }

  @Test
  @DisplayName("one changing action per target: a second plan waits while the lock is held")
  void oneActionPerTarget() {
    String first = plan("cache:1*");
    String second = plan("cache:2*");
    var locks = new dev.incidentbot.bot.store.JdbcTargetLocks(wiring.database(), clock);
    assertThat(locks.acquire("target:main", first, Duration.ofMinutes(1))).isTrue();

    Reply refused = run(operator("bob"), "confirm", Map.of("id", second));

    assertThat(refused.text())
        .contains("Another action is running on main (/redis purge pattern:cache:1* on main)")
        .contains("stays pending");
    assertThat(wiring.confirmations().find(second).orElseThrow().state())
        .isEqualTo(Confirmation.State.PENDING);
    locks.release("target:main", first);
    assertThat(run(operator("bob"), "confirm", Map.of("id", second)).title()).startsWith("Done:");
  }

  @Test
  @DisplayName("a lapsed lock of a crashed instance does not block the target for ever")
  void lapsedLock() {
    var locks = new dev.incidentbot.bot.store.JdbcTargetLocks(wiring.database(), clock);
    assertThat(locks.acquire("target:main", "crashed", Duration.ofMinutes(2))).isTrue();
    assertThat(locks.acquire("target:main", "other", Duration.ofMinutes(2))).isFalse();
    clock.advance(Duration.ofMinutes(2));
    assertThat(locks.acquire("target:main", "other", Duration.ofMinutes(2))).isTrue();
  }

  @Test
  @DisplayName("the target goes down between plan and confirm: the outcome says so, recorded")
  void targetDownAfterPlanning() {
    RedisServer doomed = redis.extra();
    try (Jedis j = doomed.client()) {
      j.set("cache:x", "1");
    }
    wiring.close();
    wiring =
        TestWiring.start(
            List.of(
                Target.standalone("main", redis.server().url()),
                Target.standalone("doomed", doomed.url())),
            clock);
    Reply plan =
        run(operator("alice"), "redis purge", Map.of("pattern", "cache:*", "target", "doomed"));
    String id = plan.buttons().get(0).action().options().get("id");
    doomed.kill();

    Reply reply = run(operator("bob"), "confirm", Map.of("id", id));

    assertThat(reply.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(reply.title())
        .startsWith("Failed: doomed (127.0.0.1:" + doomed.port() + ") refused the connection")
        .endsWith("Nothing was changed.");
    Confirmation c = wiring.confirmations().find(id).orElseThrow();
    assertThat(c.state()).isEqualTo(Confirmation.State.DONE);
    assertThat(c.succeeded()).isFalse();
    assertThat(wiring.audit().recent(20))
        .anySatisfy(
            e -> {
              assertThat(e.command()).isEqualTo("redis purge");
              assertThat(e.outcome()).isEqualTo(AuditEntry.Outcome.FAILED);
            });
  }

  @Test
  @DisplayName(
      "an open incident on the target gets the confirmation and the action in its timeline")
  void timeline() {
    Actor commander = Actor.person("carol", "carol", Set.of("commander", "operator"));
    Reply declared =
        run(
            commander,
            "incident declare",
            Map.of("title", "cache full", "severity", "P1", "targets", "main"));
    assertThat(declared.text()).as(declared.text()).doesNotContain("needs");
    String id = plan("cache:*");

    run(operator("bob"), "confirm", Map.of("id", id));

    String incident = wiring.incidents().open().get(0).id();
    assertThat(wiring.incidents().events(incident))
        .extracting(e -> e.kind() + " " + e.actor() + ": " + e.text())
        .contains(
            "CONFIRMATION bob: confirmed /redis purge pattern:cache:* on main",
            "ACTION bob: /redis purge pattern:cache:* on main: removed 200 keys from main");
  }

  @Test
  @DisplayName("Stop pressed while a purge runs: it stops after its batch and says how far it got")
  void stopWhileRunning() throws Exception {
    try (Jedis j = redis.server().client()) {
      j.sendCommand(() -> "DEBUG".getBytes(StandardCharsets.UTF_8), "POPULATE", "400000", "cache");
    }
    String id = plan("cache:*");
    var pool = Executors.newSingleThreadExecutor();
    Future<Reply> running = pool.submit(() -> run(operator("bob"), "confirm", Map.of("id", id)));
    Awaitility.await("the purge confirmed and running")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(5))
        .until(
            () ->
                wiring.confirmations().find(id).orElseThrow().state()
                    == Confirmation.State.CONFIRMED);

    Reply stop = run(operator("carol"), "stop-action", Map.of("id", id));
    Reply outcome = running.get();
    pool.shutdown();

    assertThat(stop.text()).startsWith("Stop requested by carol");
    assertThat(outcome.title()).startsWith("Stopped by carol after removing");
    assertThat(outcome.severity()).isEqualTo(dev.incidentbot.chat.Severity.WARN);
    assertThat(wiring.confirmations().find(id).orElseThrow().outcome())
        .startsWith("stopped by carol after removing");
    assertThat(
            dev.incidentbot.recovery.PlanReplies.line(
                wiring.confirmations().find(id).orElseThrow()))
        .as("/audit's line: stopped, not failed")
        .contains("confirmed by bob: stopped by carol after removing");
    try (Jedis j = redis.server().client()) {
      assertThat(j.dbSize()).as("cache keys left when it stopped").isGreaterThan(200);
    }
    assertThat(wiring.confirmations().find(id).orElseThrow().state())
        .isEqualTo(Confirmation.State.DONE);
  }

  @Test
  @DisplayName("a purge carol stops: audited as STOPPED by carol, not FAILED; /audit says so")
  void stoppedIsAuditedAsStopped() {
    try (Jedis j = redis.server().client()) {
      for (int i = 0; i < 20_000; i++) {
        j.set("cache:more:" + i, "v");
      }
    }
    String id = plan("cache:*");
    var stopByCarol =
        new Progress() {
          private boolean asked;

          @Override
          public boolean stopRequested() {
            if (!asked) {
              asked = true;
              wiring.confirmations().requestStop(id, operator("carol"));
              try {
                Thread.sleep(300); // past the executor's poll interval for a Stop in the database
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            return false;
          }
        };

    Reply reply =
        wiring
            .router()
            .dispatch(
                new Request(
                    "confirm",
                    Map.of("id", id),
                    operator("bob"),
                    Place.channel("ops"),
                    clock.instant()),
                stopByCarol);

    assertThat(reply.title()).startsWith("Stopped by carol after removing");
    assertThat(wiring.audit().recent(50))
        .filteredOn(e -> e.command().equals("redis purge") && e.detail().contains("confirmed by"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.outcome()).isEqualTo(AuditEntry.Outcome.STOPPED);
              assertThat(e.detail()).contains("stopped by carol after removing");
            });
    assertThat(run(operator("dave"), "audit", Map.of()).text())
        .contains("confirmed by bob: stopped by carol after removing");
  }
}
