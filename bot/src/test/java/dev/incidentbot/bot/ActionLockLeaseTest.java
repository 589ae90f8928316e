package dev.incidentbot.bot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.store.JdbcTargetLocks;
import dev.incidentbot.chat.Actor;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.recovery.ActionExecutor;
import dev.incidentbot.recovery.Confirmation;
import dev.incidentbot.recovery.action.PurgeKeysAction;
import dev.incidentbot.recovery.action.TargetConnector;
import dev.incidentbot.redis.NodeResolver;
import dev.incidentbot.redis.RedisNodes;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.redis.health.HealthCheck;
import dev.incidentbot.testing.RedisExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

@DisplayName("The target lock of a running action: renewed while it runs, a lost lease stops it")
class ActionLockLeaseTest {
  @RegisterExtension static final RedisExtension redis = new RedisExtension();

  /** Short, so that a run outlives it several times over. Renewed every third of it. */
  private static final Duration LEASE = Duration.ofMillis(1500);

  private static final String LOCK = "target:main";
  private static final Actor BOB = Actor.person("bob", "bob", Set.of("operator"));

  private final Clock clock = Clock.systemUTC();
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private Wiring wiring;
  private JdbcTargetLocks locks;
  private ActionExecutor executor;

  @BeforeEach
  void start() {
    Target target = Target.standalone("main", redis.server().url());
    wiring = TestWiring.start(List.of(target), clock);
    var targets = new Targets(List.of(target));
    var nodes = new RedisNodes();
    locks = new JdbcTargetLocks(wiring.database(), clock);
    executor =
        new ActionExecutor(
            List.of(
                new PurgeKeysAction(new TargetConnector(targets, nodes, new NodeResolver(pool)))),
            wiring.confirmations(),
            locks,
            wiring.audit(),
            wiring.timeline(),
            wiring.followUps(),
            new HealthCheck(nodes, pool),
            targets,
            clock,
            LEASE);
    try (Jedis j = redis.server().client()) {
      j.flushAll();
    }
  }

  @AfterEach
  void stop() {
    wiring.close();
    pool.shutdownNow();
  }

  private static void fill(String prefix, int n) {
    try (Jedis j = redis.server().client();
        Pipeline p = j.pipelined()) {
      for (int i = 0; i < n; i++) {
        p.set(prefix + i, "v");
      }
    }
  }

  private Confirmation plan(String pattern) {
    Reply plan =
        wiring
            .router()
            .dispatch(
                new Request(
                    "redis purge",
                    Map.of("pattern", pattern, "target", "main"),
                    Actor.person("alice", "alice", Set.of("operator")),
                    Place.channel("ops"),
                    clock.instant()),
                Progress.NONE);
    String id = plan.buttons().get(0).action().options().get("id");
    return wiring.confirmations().find(id).orElseThrow();
  }

  /** Waits until the run of {@code c} holds the lock, or {@code running} turns false. */
  private void awaitHeld(Confirmation c, AtomicBoolean running) {
    Awaitility.await("the run to hold the lock")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> !running.get() || locks.holder(LOCK).equals(Optional.of(c.id())));
  }

  /** Progress whose n-th Stop check takes {@code pause(n)} ms: a slow batch, a stalled run. */
  private static Progress pausing(java.util.function.IntUnaryOperator pause) {
    var calls = new AtomicInteger();
    return new Progress() {
      @Override
      public boolean stopRequested() {
        try {
          Thread.sleep(pause.applyAsInt(calls.incrementAndGet())); // a slow batch, on purpose
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return false;
      }
    };
  }

  @Test
  @DisplayName(
      "a sparse purge that removes nothing for several leases keeps its lock: no one else gets it")
  void sparsePurgeKeepsItsLock() throws Exception {
    fill("user:", 20_000); // ≈ 40 SCAN batches of 500, 100 ms each: ≈ 4 s, over 2.5 leases
    fill("cache:", 3);
    Confirmation c = plan("cache:*");
    var running = new AtomicBoolean(true);
    var intruderGotIt = new AtomicBoolean();
    Future<?> intruder =
        pool.submit(
            () -> {
              awaitHeld(c, running);
              // tries every 50 ms until the run ends
              Awaitility.await("the run to end or the intruder to take the lock")
                  .atMost(Duration.ofMinutes(2))
                  .pollInterval(Duration.ofMillis(50))
                  .until(
                      () -> {
                        if (!running.get()) {
                          return true; // the run is over: its lock is free, and no one's business
                        }
                        intruderGotIt.set(locks.acquire(LOCK, "intruder", LEASE));
                        return intruderGotIt.get();
                      });
              return null;
            });

    long started = System.nanoTime();
    Reply outcome = executor.run(c, BOB, pausing(n -> 100));
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    running.set(false);
    intruder.get();

    assertThat(tookMillis).as("the run outlived its lease").isGreaterThan(2 * LEASE.toMillis());
    assertThat(intruderGotIt).as("another run took the lock while the purge ran").isFalse();
    assertThat(outcome.title()).isEqualTo("Done: removed 3 keys from main");
    assertThat(locks.holder(LOCK)).as("released at the end").isEmpty();
  }

  @Test
  @DisplayName(
      "a run stalled past its lease whose lock another run took stops at the next batch and says"
          + " so")
  void lostLeaseStopsTheRun() throws Exception {
    fill("cache:", 20_000);
    Confirmation c = plan("cache:*");
    Future<Boolean> intruder =
        pool.submit(
            () -> {
              awaitHeld(c, new AtomicBoolean(true));
              try {
                Awaitility.await("the intruder to take the lock")
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> locks.acquire(LOCK, "intruder", Duration.ofMinutes(1)));
                return true;
              } catch (ConditionTimeoutException e) {
                return false;
              }
            });

    // the third batch stalls for twice the lease: the lease lapses and the intruder takes the lock
    Reply outcome = executor.run(c, BOB, pausing(n -> n == 3 ? 3000 : 0));

    assertThat(intruder.get()).isTrue();
    assertThat(outcome.title())
        .isEqualTo(
            "Failed: stopped: lost its lock on main (the lease lapsed and another run took it;"
                + " it may be changing main now)");
    assertThat(outcome.fields())
        .anySatisfy(
            f -> {
              assertThat(f.name()).isEqualTo("Where it stopped");
              assertThat(f.value()).startsWith("stopped on request after removing");
            });
    try (Jedis j = redis.server().client()) {
      assertThat(j.dbSize()).as("it stopped before the end").isBetween(1L, 19_999L);
    }
    assertThat(locks.holder(LOCK)).as("the other run's lock is left alone").contains("intruder");
  }
}
