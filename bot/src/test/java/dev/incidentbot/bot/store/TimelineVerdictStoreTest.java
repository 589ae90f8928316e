package dev.incidentbot.bot.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.config.StoreConfig;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.UserRef;
import dev.incidentbot.incident.IncidentSeverity;
import dev.incidentbot.incident.NewIncident;
import dev.incidentbot.testing.PostgresServer;
import dev.incidentbot.testing.SharedPostgres;
import dev.incidentbot.timeline.TimelineEvent;
import dev.incidentbot.timeline.TimelineEvent.Kind;
import dev.incidentbot.timeline.TimelineEvent.Verdict;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName(
    "A follow-up's verdict is stored with its timeline event (V51), on H2 and on PostgreSQL;"
        + " rows from before it are read from the built-in title")
class TimelineVerdictStoreTest {
  @RegisterExtension static final SharedPostgres pg = new SharedPostgres();

  static final Instant T0 = Instant.parse("2026-05-04T08:00:00Z");
  static final Place THREAD = new Place("c1", "t1");

  @Test
  @DisplayName("H2: every verdict read back as written, none on other events or a watch's post")
  void onH2() throws SQLException {
    try (var db =
        Database.open(
            new StoreConfig(
                "jdbc:h2:mem:v" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null))) {
      exercise(db);
    }
  }

  @Test
  @DisplayName("PostgreSQL: the same")
  void onPostgres() throws SQLException {
    try (var db =
        Database.open(new StoreConfig(pg.createDatabase("verdicts"), PostgresServer.USER, null))) {
      exercise(db);
    }
  }

  private static TimelineEvent check(int minute, String title, Verdict verdict) {
    return new TimelineEvent(
        T0.plusSeconds(60L * minute), Kind.FOLLOW_UP, "follow-up", "cache", THREAD, title, verdict);
  }

  private static void exercise(Database db) throws SQLException {
    var store = new JdbcIncidentStore(db);
    String id =
        store
            .declare(
                new NewIncident(
                    "Cache full",
                    IncidentSeverity.P1,
                    List.of("cache"),
                    new UserRef("u1", "alice"),
                    T0,
                    T0))
            .id();
    // worded by an operator's template: nothing in the titles says how the checks turned out
    var written =
        List.of(
            new TimelineEvent(T0, Kind.COMMAND, "alice", "cache", THREAD, "/redis health"),
            check(1, "Check +1 min on cache: fine", Verdict.HELD),
            check(2, "Check +2 min on cache: fine, with notes", Verdict.HELD_WITH_WARNINGS),
            check(3, "Check +3 min on cache: broken (Memory full)", Verdict.NOT_FIXED),
            check(4, "Check +4 min on cache: worse — memory 86 %", Verdict.REGRESSED),
            new TimelineEvent(
                T0.plusSeconds(300),
                Kind.FOLLOW_UP,
                "incident watch",
                "cache",
                THREAD,
                "INC-1 watch: 1 critical of 1 target"));
    written.forEach(e -> store.addEvent(id, e));

    assertThat(store.events(id)).containsExactlyElementsOf(written);

    // rows recorded before V51 have no verdict: the built-in title's words still tell
    legacyRow(db, id, 6, "follow-up", "Follow-up +5 min of cache: holding ✔");
    legacyRow(db, id, 7, "follow-up", "Follow-up +15 min of cache: holding, with warnings");
    legacyRow(db, id, 8, "follow-up", "Follow-up +30 min of cache: still Memory full");
    legacyRow(db, id, 9, "follow-up", "Follow-up +1 min of cache: REGRESSION — memory 86 %");
    legacyRow(db, id, 10, "incident watch", "INC-1 watch: still 1 critical");
    assertThat(store.events(id).subList(written.size(), written.size() + 5))
        .extracting(TimelineEvent::verdict)
        .containsExactly(
            Verdict.HELD, Verdict.HELD_WITH_WARNINGS, Verdict.NOT_FIXED, Verdict.REGRESSED, null);
  }

  /** A follow-up row as the bot wrote it before V51: no verdict. */
  private static void legacyRow(Database db, String id, int minute, String actor, String title)
      throws SQLException {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO incident_events (incident_id, at, kind, actor, target, detail)"
                    + " VALUES (?, ?, 'FOLLOW_UP', ?, 'cache', ?)")) {
      ps.setLong(1, Long.parseLong(id.substring(4)));
      ps.setObject(2, OffsetDateTime.ofInstant(T0.plusSeconds(60L * minute), ZoneOffset.UTC));
      ps.setString(3, actor);
      ps.setString(4, title);
      ps.executeUpdate();
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }
  }
}
