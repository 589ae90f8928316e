package dev.incidentbot.bot.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.alert.Alert;
import dev.incidentbot.alert.AlertInbox;
import dev.incidentbot.alert.AlertIntake;
import dev.incidentbot.alert.AlertNotification;
import dev.incidentbot.alert.AlertSource;
import dev.incidentbot.alert.AlertStatus;
import dev.incidentbot.bot.config.StoreConfig;
import dev.incidentbot.testing.PostgresServer;
import dev.incidentbot.testing.SharedPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The alert inbox shared by several bot instances on one real PostgreSQL: a delivery stored once
 * however many instances receive it, each entry claimed by exactly one instance, a claim taken over
 * only once its lease has lapsed, and retries told from repeats.
 */
@DisplayName("Alert inbox shared by bot instances on a real PostgreSQL")
class AlertInboxOnPostgresTest {
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final Duration WINDOW = Duration.ofMinutes(5);
  @RegisterExtension static final SharedPostgres pg = new SharedPostgres();

  private static Database database() {
    return Database.open(new StoreConfig(pg.createDatabase("inbox"), PostgresServer.USER, null));
  }

  private static AlertIntake.Delivery delivery(int group, int n) {
    var alert =
        new Alert(
            AlertStatus.FIRING,
            Map.of("alertname", "Lag" + group),
            Map.of(),
            Instant.EPOCH.plusSeconds(n),
            "f" + group);
    var notification =
        new AlertNotification(
            AlertSource.ALERTMANAGER_WEBHOOK,
            "{}:{alertname=\"Lag" + group + "\"}",
            "Lag" + group,
            AlertStatus.FIRING,
            List.of(alert),
            Map.of(),
            "content:" + group + "-" + n);
    return new AlertIntake.Delivery(notification, null, System.nanoTime());
  }

  @Test
  @DisplayName("one delivery sent to four instances at once is stored once")
  void storedOnce() throws Exception {
    try (Database db = database()) {
      Instant now = Instant.parse("2030-01-01T10:00:00Z");
      List<JdbcAlertInbox> instances = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        instances.add(new JdbcAlertInbox(db, "bot-" + i, LEASE, JdbcAlertInbox.DEFAULT_RETENTION));
      }
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        for (int d = 0; d < 20; d++) {
          var delivery = delivery(d, 1);
          var start = new CountDownLatch(1);
          var answers = new ArrayList<Future<OptionalLong>>();
          for (JdbcAlertInbox inbox : instances) {
            answers.add(
                pool.submit(
                    () -> {
                      start.await();
                      return inbox.store(delivery, now, WINDOW);
                    }));
          }
          start.countDown();
          int stored = 0;
          for (var a : answers) {
            stored += a.get().isPresent() ? 1 : 0;
          }
          assertThat(stored).as("delivery " + d).isEqualTo(1);
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  @DisplayName("a dead instance's entries: untouched within the lease, then each taken by one")
  void takenOverOnce() throws Exception {
    try (Database db = database()) {
      Instant t0 = Instant.parse("2030-01-01T10:00:00Z");
      var dead = new JdbcAlertInbox(db, "dead", LEASE, JdbcAlertInbox.DEFAULT_RETENTION);
      var stored = new ArrayList<Long>();
      for (int i = 0; i < 60; i++) {
        stored.add(dead.store(delivery(i, 1), t0, WINDOW).orElseThrow());
      }
      var b = new JdbcAlertInbox(db, "b", LEASE, JdbcAlertInbox.DEFAULT_RETENTION);
      var c = new JdbcAlertInbox(db, "c", LEASE, JdbcAlertInbox.DEFAULT_RETENTION);

      assertThat(b.claim(t0.plusSeconds(29), true, 1000, id -> false))
          .as("within the lease, even at start-up")
          .isEmpty();

      Instant later = t0.plus(LEASE).plusSeconds(1);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      List<AlertInbox.Entry> byB;
      List<AlertInbox.Entry> byC;
      try {
        // both read the lapsed entries before either takes one over, however busy the machine:
        // then every entry is raced for by both, and only the compare-and-set decides
        var bothRead = new CountDownLatch(2);
        Future<List<AlertInbox.Entry>> fb =
            pool.submit(() -> b.claim(later, false, 1000, afterBothRead(bothRead)));
        Future<List<AlertInbox.Entry>> fc =
            pool.submit(() -> c.claim(later, false, 1000, afterBothRead(bothRead)));
        byB = fb.get();
        byC = fc.get();
      } finally {
        pool.shutdownNow();
      }
      Set<Long> idsB = ids(byB);
      // one of them may win every race: compared as one list, an entry claimed twice shows
      var claimedIds = new ArrayList<Long>();
      byB.forEach(e -> claimedIds.add(e.id()));
      byC.forEach(e -> claimedIds.add(e.id()));
      assertThat(claimedIds)
          .as("each entry claimed by one")
          .containsExactlyInAnyOrderElementsOf(stored);
      assertThat(byB).extracting(e -> e.id()).isSorted();
      assertThat(byC).extracting(e -> e.id()).isSorted();
      var claimed = new ArrayList<>(byB);
      claimed.addAll(byC);
      assertThat(claimed)
          .extracting(e -> e.delivery().notification().groupName())
          .allMatch(name -> name.startsWith("Lag"));

      // the dead instance, come back, holds nothing and cannot mark what it lost
      long lost = stored.get(0);
      assertThat(dead.holds(lost, later)).isFalse();
      dead.handled(lost, later);
      JdbcAlertInbox owner = idsB.contains(lost) ? b : c;
      assertThat(owner.holds(lost, later)).isTrue();
      owner.handled(lost, later);
      assertThat(owner.holds(lost, later)).as("handled").isFalse();
      assertThat(owner.pendingCount()).isEqualTo(59);
    }
  }

  @Test
  @DisplayName(
      "retries: of a pending or lately handled delivery dropped; after the window a repeat")
  void retriesAndRepeats() {
    try (Database db = database()) {
      Instant t0 = Instant.parse("2030-01-01T10:00:00Z");
      var inbox = new JdbcAlertInbox(db, "a", LEASE, JdbcAlertInbox.DEFAULT_RETENTION);
      var d = delivery(1, 1);

      long id = inbox.store(d, t0, WINDOW).orElseThrow();
      assertThat(inbox.store(d, t0.plusSeconds(10), WINDOW)).as("pending").isEmpty();
      assertThat(inbox.store(d, t0.plus(WINDOW).plusSeconds(1), WINDOW))
          .as("pending past the window: still not stored twice")
          .isEmpty();
      inbox.handled(id, t0.plus(WINDOW).plusSeconds(2));
      Instant handled = t0.plus(WINDOW).plusSeconds(2);
      assertThat(inbox.store(d, handled.plusSeconds(10), WINDOW)).as("handled lately").isEmpty();
      assertThat(inbox.store(d, handled.plus(WINDOW).plusSeconds(30), WINDOW))
          .as("a repeat after the window")
          .isPresent();
    }
  }

  /**
   * A claim's skip test that holds the claim, at its first entry (its query read), until the other
   * claim has read too; it skips nothing.
   */
  private static LongPredicate afterBothRead(CountDownLatch bothRead) {
    var arrived = new AtomicBoolean();
    return id -> {
      if (arrived.compareAndSet(false, true)) {
        bothRead.countDown();
        try {
          if (!bothRead.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the other instance never read the inbox");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
      return false;
    };
  }

  private static Set<Long> ids(List<AlertInbox.Entry> entries) {
    var ids = new HashSet<Long>();
    entries.forEach(e -> ids.add(e.id()));
    return ids;
  }
}
