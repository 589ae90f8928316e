package dev.incidentbot.bot.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.config.StoreConfig;
import dev.incidentbot.chat.Actor;
import dev.incidentbot.chat.Place;
import dev.incidentbot.recovery.Confirmation;
import dev.incidentbot.recovery.Outcome;
import dev.incidentbot.recovery.Plan;
import dev.incidentbot.testing.MutableClock;
import dev.incidentbot.testing.PostgresServer;
import dev.incidentbot.testing.SharedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Which confirmed plans count as interrupted: only those whose runner's heartbeat stopped — never
 * one a live instance is running, never while an instance cannot judge — and exactly one instance
 * takes each over. On a real PostgreSQL shared by several instances.
 */
@DisplayName("Plans left running: only a gone runner's, claimed once, on a shared PostgreSQL")
class InterruptedPlansTest {
  @RegisterExtension static final SharedPostgres pg = new SharedPostgres();
  private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T10:00:00Z"));

  private static Plan plan() {
    return TestPlans.purge();
  }

  private static void heartbeat(Database db, String instance, Instant at) throws Exception {
    try (Connection c = db.connection()) {
      try (PreparedStatement del = c.prepareStatement("DELETE FROM bot_instances WHERE id = ?")) {
        del.setString(1, instance);
        del.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO bot_instances (id, started_at, heartbeat_at) VALUES (?, ?, ?)")) {
        ps.setString(1, instance);
        ps.setTimestamp(2, Timestamp.from(at));
        ps.setTimestamp(3, Timestamp.from(at));
        ps.executeUpdate();
      }
    }
  }

  @Test
  @DisplayName(
      "a live runner's plan is left alone; once its heartbeat is stale, one instance claims it")
  void onlyGoneRunners() throws Exception {
    var store = new StoreConfig(pg.createDatabase("interrupted_plans"), PostgresServer.USER, null);
    try (Database db = Database.open(store)) {
      var judging = Optional.of(clock.instant().minus(Duration.ofSeconds(30)));
      var a = new JdbcConfirmationStore(db, clock, "a", () -> Optional.of(judging.get()));
      var b = new JdbcConfirmationStore(db, clock, "b", () -> judging);
      var c = new JdbcConfirmationStore(db, clock, "c", () -> judging);
      var blind = new JdbcConfirmationStore(db, clock, "d", Optional::empty);
      heartbeat(db, "a", clock.instant());
      Confirmation plan =
          a.create(
              plan(),
              Actor.person("alice", "alice", Set.of("operator")),
              Place.channel("ops"),
              Duration.ofMinutes(5));
      assertThat(a.consume(plan.id(), Actor.person("bob", "bob", Set.of("operator")))).isTrue();

      assertThat(b.interrupted()).as("a is alive").isEmpty();
      assertThat(b.claimInterrupted(plan.id())).isFalse();
      assertThat(a.interrupted()).as("its own plan").isEmpty();

      heartbeat(db, "a", clock.instant().minus(Duration.ofSeconds(31)));
      heartbeat(db, "b", clock.instant());

      assertThat(blind.interrupted()).as("cannot judge yet").isEmpty();
      assertThat(blind.claimInterrupted(plan.id())).isFalse();
      assertThat(b.interrupted()).extracting(Confirmation::id).containsExactly(plan.id());
      assertThat(b.claimInterrupted(plan.id())).isTrue();
      assertThat(c.claimInterrupted(plan.id())).as("claimed once").isFalse();
      assertThat(c.interrupted()).as("b, its new runner, is alive").isEmpty();

      b.finishInterrupted(plan.id(), "the bot stopped while it ran; now: 3 keys still match");
      a.finish(plan.id(), Outcome.success("removed 5 keys", List.of()));

      Confirmation done = b.find(plan.id()).orElseThrow();
      assertThat(done.state()).isEqualTo(Confirmation.State.DONE);
      assertThat(done.succeeded()).as("interrupted: unknown").isNull();
      assertThat(done.outcome()).isEqualTo("the bot stopped while it ran; now: 3 keys still match");
    }
  }
}
