package dev.incidentbot.bot.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.Wiring;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.IncidentsSection;
import dev.incidentbot.bot.config.StoreConfig;
import dev.incidentbot.chat.Actor;
import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.recovery.Risk;
import dev.incidentbot.recovery.action.RunbookScript;
import dev.incidentbot.redis.Target;
import dev.incidentbot.testing.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runbook script that outlives an outage of the bot's PostgreSQL database: it is not reported as
 * failed while it runs on, its real end is posted, and once the database is back that end is
 * recorded, audited and its lock released.
 */
@DisplayName("A runbook script during a database outage: its real end is posted, then recorded")
class ScriptDuringOutageTest {
  private static final Duration SLOW = Duration.ofSeconds(90);
  private static final Actor ALICE =
      Actor.person("alice", "alice", Set.of("viewer", "operator", "commander"));

  @TempDir Path dir;

  private PostgresServer pg;
  private String url;
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @BeforeEach
  void start() {
    pg = PostgresServer.start();
    url = pg.createDatabase("outage");
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
    pg.close();
  }

  @Test
  @DisplayName("PostgreSQL stopped while the script sleeps: Done, not Failed; recorded when back")
  void scriptOutlivesOutage() throws Exception {
    Path ended = dir.resolve("ended");
    var script =
        new RunbookScript(
            "slow",
            "sleeps, then says so",
            List.of("/bin/sh", "-c", "sleep 8; echo finished; touch " + ended),
            Map.of(),
            Duration.ofMinutes(2),
            null,
            null,
            Risk.LOW);
    var config =
        new BotConfig(
            "test",
            List.of(Target.standalone("main", "redis://127.0.0.1:1")),
            List.of(new BotConfig.ConsoleUser("alice", List.of("viewer", "operator"))),
            new StoreConfig(url, PostgresServer.USER, null),
            IncidentsSection.DEFAULTS,
            null,
            null,
            null,
            List.of(script));
    try (var wiring = new Wiring(config, Clock.systemUTC())) {
      Reply plan = run(wiring, "runbook run", Map.of("script", "slow"));
      String id = plan.buttons().get(0).action().options().get("id");
      Future<Reply> confirmed = pool.submit(() -> run(wiring, "confirm", Map.of("id", id)));
      awaitState(id, "confirmed");

      pg.stop();
      Reply reply = confirmed.get(SLOW.toSeconds(), TimeUnit.SECONDS);

      assertThat(ended).as("the script ran to its end").exists();
      assertThat(reply.title()).isEqualTo("Done: slow finished (exit code 0)");
      assertThat(reply.fields())
          .extracting(Field::name)
          .contains("Not recorded yet")
          .doesNotContain("Failed");
      assertThat(field(reply, "Not recorded yet"))
          .startsWith("the bot's database is unavailable (")
          .contains("This outcome is kept and recorded, audited and its lock");

      pg.startAgain();
      awaitState(id, "done");
      try (Connection c = DriverManager.getConnection(url, PostgresServer.USER, null)) {
        try (PreparedStatement ps =
            c.prepareStatement("SELECT succeeded, outcome FROM confirmations WHERE id = ?")) {
          ps.setString(1, id);
          try (ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).isTrue();
            assertThat(rs.getString(2)).isEqualTo("slow finished (exit code 0)");
          }
        }
        awaitRows(
            c,
            "SELECT COUNT(*) FROM audit_log WHERE outcome = 'OK' AND detail LIKE ?",
            "plan " + id + " %: slow finished (exit code 0)",
            1);
        awaitRows(c, "SELECT COUNT(*) FROM target_locks WHERE holder = ?", id, 0);
      }
    }
  }

  private static String field(Reply reply, String name) {
    return reply.fields().stream()
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElseThrow()
        .value();
  }

  private static Reply run(Wiring wiring, String command, Map<String, String> options) {
    return wiring
        .router()
        .dispatch(
            new Request(command, options, ALICE, Place.channel("ops"), Clock.systemUTC().instant()),
            Progress.NONE);
  }

  /** Waits until plan {@code id} is in {@code state}, reading the database as it comes back. */
  private void awaitState(String id, String state) {
    Awaitility.await("plan " + id + " in state " + state)
        .atMost(SLOW)
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptionsInstanceOf(java.sql.SQLException.class) // the database is coming back
        .untilAsserted(
            () -> {
              try (Connection c = DriverManager.getConnection(url, PostgresServer.USER, null);
                  PreparedStatement ps =
                      c.prepareStatement("SELECT state FROM confirmations WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                  assertThat(rs.next() ? rs.getString(1) : null).isEqualTo(state);
                }
              }
            });
  }

  private static void awaitRows(Connection c, String sql, String param, int expected) {
    Awaitility.await(sql)
        .atMost(SLOW)
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, param);
                try (ResultSet rs = ps.executeQuery()) {
                  rs.next();
                  assertThat(rs.getInt(1)).as(sql).isEqualTo(expected);
                }
              }
            });
  }
}
