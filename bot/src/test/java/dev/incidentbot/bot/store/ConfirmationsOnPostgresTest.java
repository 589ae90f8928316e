package dev.incidentbot.bot.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.config.StoreConfig;
import dev.incidentbot.chat.Actor;
import dev.incidentbot.chat.Place;
import dev.incidentbot.recovery.Confirmation;
import dev.incidentbot.recovery.ConfirmationStore;
import dev.incidentbot.recovery.Outcome;
import dev.incidentbot.recovery.Plan;
import dev.incidentbot.testing.MutableClock;
import dev.incidentbot.testing.PostgresServer;
import dev.incidentbot.testing.SharedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Confirmations and target locks shared by two bot instances on a real PostgreSQL")
class ConfirmationsOnPostgresTest {
  @RegisterExtension static final SharedPostgres pg = new SharedPostgres();
  private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T10:00:00Z"));

  private static Plan plan() {
    return TestPlans.purge();
  }

  private static Actor operator(String name) {
    return Actor.person(name, name, Set.of("operator"));
  }

  @Test
  @DisplayName("50 presses spread over two instances: exactly one consumes the plan")
  void consumedOnce() throws Exception {
    var store = new StoreConfig(pg.createDatabase("confirm_once"), PostgresServer.USER, null);
    try (Database dbA = Database.open(store);
        Database dbB = Database.open(store)) {
      ConfirmationStore a = new JdbcConfirmationStore(dbA, clock);
      ConfirmationStore b = new JdbcConfirmationStore(dbB, clock);
      Confirmation c =
          a.create(plan(), operator("alice"), Place.channel("ops"), Duration.ofMinutes(5));

      ExecutorService pool = Executors.newFixedThreadPool(50);
      var go = new CountDownLatch(1);
      var wins = new ArrayList<Future<Boolean>>();
      for (int i = 0; i < 50; i++) {
        ConfirmationStore instance = i % 2 == 0 ? a : b;
        Actor who = operator("op" + i);
        wins.add(
            pool.submit(
                () -> {
                  go.await();
                  return instance.consume(c.id(), who);
                }));
      }
      go.countDown();
      int won = 0;
      for (Future<Boolean> f : wins) {
        won += f.get() ? 1 : 0;
      }
      pool.shutdown();

      assertThat(won).isEqualTo(1);
      Confirmation seen = b.find(c.id()).orElseThrow();
      assertThat(seen.state()).isEqualTo(Confirmation.State.CONFIRMED);
      assertThat(seen.plan()).isEqualTo(plan());
      a.finish(c.id(), Outcome.success("removed 3 keys", List.of()));
      assertThat(b.find(c.id()).orElseThrow().state()).isEqualTo(Confirmation.State.DONE);
      assertThat(b.cancel(c.id(), operator("bob"))).isFalse();
    }
  }

  @Test
  @DisplayName("expired plans cannot be consumed; one lock per target across instances")
  void expiryAndLocks() {
    var store = new StoreConfig(pg.createDatabase("confirm_locks"), PostgresServer.USER, null);
    try (Database dbA = Database.open(store);
        Database dbB = Database.open(store)) {
      ConfirmationStore a = new JdbcConfirmationStore(dbA, clock);
      Confirmation c =
          a.create(plan(), operator("alice"), Place.channel("ops"), Duration.ofMinutes(5));
      clock.advance(Duration.ofMinutes(5));
      assertThat(new JdbcConfirmationStore(dbB, clock).consume(c.id(), operator("bob"))).isFalse();
      assertThat(a.find(c.id()).orElseThrow().state()).isEqualTo(Confirmation.State.EXPIRED);

      var locksA = new JdbcTargetLocks(dbA, clock);
      var locksB = new JdbcTargetLocks(dbB, clock);
      assertThat(locksA.acquire("target:main", "plan-a", Duration.ofMinutes(2))).isTrue();
      assertThat(locksB.acquire("target:main", "plan-b", Duration.ofMinutes(2))).isFalse();
      assertThat(locksB.holder("target:main")).contains("plan-a");
      locksA.release("target:main", "plan-a");
      assertThat(locksB.acquire("target:main", "plan-b", Duration.ofMinutes(2))).isTrue();
    }
  }

  @Test
  @DisplayName(
      "Stop pressed on another instance: the running one learns who asked (the first press named)")
  void stopAcrossInstances() {
    var store = new StoreConfig(pg.createDatabase("confirm_stop"), PostgresServer.USER, null);
    try (Database dbA = Database.open(store);
        Database dbB = Database.open(store)) {
      ConfirmationStore running = new JdbcConfirmationStore(dbA, clock);
      ConfirmationStore other = new JdbcConfirmationStore(dbB, clock);
      Confirmation c =
          running.create(plan(), operator("alice"), Place.channel("ops"), Duration.ofMinutes(5));
      assertThat(other.requestStop(c.id(), operator("carol")))
          .as("not running yet: nothing to stop")
          .isFalse();
      assertThat(running.consume(c.id(), operator("bob"))).isTrue();
      assertThat(running.stopRequestedBy(c.id())).isEmpty();

      assertThat(other.requestStop(c.id(), operator("carol"))).isTrue();
      assertThat(other.requestStop(c.id(), operator("dave"))).isTrue();

      assertThat(running.stopRequestedBy(c.id())).contains("carol");
    }
  }
}
