package dev.incidentbot.bot.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.alert.StormPayloads;
import dev.incidentbot.testing.PrometheusText;
import dev.incidentbot.testing.RedisExtension;
import dev.incidentbot.testing.RedisServer;
import dev.incidentbot.testing.SharedPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * {@code kill -9} right after a burst of accepted Alertmanager notifications, then a restart on the
 * same database: every group gets its thread and exactly one triage, each notification is counted
 * once, and the same deliveries sent again are retries.
 *
 * <p>The target Redis is paused ({@code CLIENT PAUSE ALL}) during the burst, so every triage waits
 * at its health check: the kill lands while notifications wait in their lanes or are being opened,
 * as in the reported crash (60 accepted, 16 alert messages posted, none triaged), and never between
 * a chat post and the database record of it (the console cannot dedupe a post, so a crash exactly
 * there repeats that one post after the restart; in Discord the post's nonce prevents that: {@link
 * AlertPostCrashTest}).
 */
@DisplayName("Fault: kill -9 after a burst of accepted alerts, restart on the same database")
class AlertInboxCrashTest {
  private static final int GROUPS = 20;
  private static final int PER_GROUP = 3;
  private static final int PAUSE_MS = 25_000;
  private static final Pattern ALERT_MESSAGE =
      Pattern.compile("^── \\[FIRING:1] (StormAlert\\d+) \\[", Pattern.MULTILINE);
  private static final Pattern TRIAGE =
      Pattern.compile("Automatic triage for alert (StormAlert\\d+)\\b");

  @RegisterExtension static final RedisExtension redis = new RedisExtension();
  @RegisterExtension static final SharedPostgres pg = new SharedPostgres();

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @OnH2AndPostgres
  @DisplayName("none lost, none twice, retries dropped")
  void burstThenKill(String database) throws Exception {
    RedisServer paused = redis.extra();
    var builder =
        BotProcess.in(dir)
            .database(database, pg)
            .targets(
                """
                  targets:
                    - name: cache
                      url: %s
                      timeout: 40s
                  """
                    .formatted(paused.url()));
    var bodies = new ArrayList<String>();
    for (int n = 1; n <= PER_GROUP; n++) {
      for (int g = 1; g <= GROUPS; g++) {
        bodies.add(StormPayloads.firing(g, n, "cache"));
      }
    }
    try (BotProcess bot = builder.start()) {
      // given every triage held at its health check
      try (Jedis j = paused.client()) {
        j.clientPause(PAUSE_MS);
      }
      // when a burst is accepted and the bot is killed at once
      for (String body : bodies) {
        HttpResponse<String> r = bot.postWebhook(body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(r.body()).contains("\"accepted\"");
      }
      bot.kill9();
      String beforeKill = bot.output();
      assertThat(count(TRIAGE, beforeKill)).as("triages before the kill").isEmpty();

      // then the restarted bot finishes every group
      bot.restart();
      bot.awaitOutput(
          out -> count(TRIAGE, out).size() == GROUPS,
          Duration.ofSeconds(120),
          GROUPS + " triaged groups");

      // and the same deliveries again are retries
      for (String body : bodies) {
        HttpResponse<String> r = bot.postWebhook(body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(r.body()).contains("\"retry\"");
      }
      // one message and one triage per group, and still so 2 s later: anything a retry wrongly
      // started would post within this
      Awaitility.await("one alert message and one triage per group")
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                String out = bot.output();
                return count(ALERT_MESSAGE, out).values().stream().allMatch(n -> n == 1)
                    && count(TRIAGE, out).values().stream().allMatch(n -> n == 1);
              });
      String output = bot.output();
      assertThat(bot.stop()).isZero();

      Map<String, Integer> messages = count(ALERT_MESSAGE, output);
      Map<String, Integer> triages = count(TRIAGE, output);
      assertThat(messages).as("alert messages per group").hasSize(GROUPS);
      assertThat(messages.values()).as("alert messages per group").containsOnly(1);
      assertThat(triages).as("triages per group").hasSize(GROUPS);
      assertThat(triages.values()).as("triages per group").containsOnly(1);
      assertThat(output).doesNotContain("Still firing");
      assertStored(bot, bodies.size());
    }
  }

  @OnH2AndPostgres
  @DisplayName("killed while handling runs freely: every group opened and triaged, none pending")
  void killMidHandling(String database) throws Exception {
    var builder = BotProcess.in(dir).database(database, pg).target("cache", redis.server().url());
    try (BotProcess bot = builder.start()) {
      for (int n = 1; n <= PER_GROUP; n++) {
        for (int g = 1; g <= GROUPS; g++) {
          assertThat(bot.postWebhook(StormPayloads.firing(g, n, "cache")).statusCode())
              .isEqualTo(202);
        }
      }
      bot.kill9(); // wherever handling is: lanes waiting, threads opening, triages posting

      bot.restart();
      bot.awaitOutput(
          out -> count(TRIAGE, out).size() == GROUPS,
          Duration.ofSeconds(120),
          GROUPS + " triaged groups");
      awaitDrained(bot, database);
      assertThat(bot.stop()).isZero();
      assertThat(count(TRIAGE, bot.output()).values())
          .as("at least once: a kill between a post and its record repeats that post")
          .allMatch(n -> n >= 1 && n <= 2);
      try (Connection c = bot.openStore();
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT (SELECT COUNT(thread_id) FROM alert_groups),"
                      + " (SELECT COUNT(last_triage) FROM alert_groups),"
                      + " (SELECT COUNT(*) FROM alert_inbox WHERE handled_at IS NULL),"
                      + " (SELECT COUNT(*) FROM alert_inbox)")) {
        rs.next();
        assertThat(rs.getInt(1)).as("groups with a thread").isEqualTo(GROUPS);
        assertThat(rs.getInt(2)).as("groups triaged").isEqualTo(GROUPS);
        assertThat(rs.getInt(3)).as("pending").isZero();
        assertThat(rs.getInt(4)).as("accepted and stored").isEqualTo(GROUPS * PER_GROUP);
      }
    }
  }

  /**
   * Waits until nothing is left to handle: on H2 every pending entry is resumed at start-up, so an
   * empty queue says so; on PostgreSQL the dead instance's entries wait for their lease to lapse,
   * so the database says so.
   */
  private static void awaitDrained(BotProcess bot, String database) {
    try {
      Awaitility.await("notifications drained")
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> pending(bot, database) == 0);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("notifications still pending after 120 s: " + bot.stderr(), e);
    }
  }

  private static double pending(BotProcess bot, String database) throws Exception {
    if (database.equals("H2")) {
      return PrometheusText.parse(bot.get("/metrics").body()).value("bot_alert_queue_pending");
    }
    try (Connection c = bot.openStore();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT COUNT(*) FROM alert_inbox WHERE handled_at IS NULL")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Every group opened once with its thread, each notification counted once, none pending. */
  private static void assertStored(BotProcess bot, int notifications) throws SQLException {
    try (Connection c = bot.openStore();
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery(
              "SELECT COUNT(*), MIN(notifications), MAX(notifications), COUNT(thread_id),"
                  + " COUNT(last_triage) FROM alert_groups")) {
        rs.next();
        assertThat(rs.getInt(1)).as("groups").isEqualTo(GROUPS);
        assertThat(rs.getInt(2)).as("fewest notifications of a group").isEqualTo(PER_GROUP);
        assertThat(rs.getInt(3)).as("most notifications of a group").isEqualTo(PER_GROUP);
        assertThat(rs.getInt(4)).as("groups with a thread").isEqualTo(GROUPS);
        assertThat(rs.getInt(5)).as("groups triaged").isEqualTo(GROUPS);
      }
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*), COUNT(handled_at) FROM alert_inbox")) {
        rs.next();
        assertThat(rs.getInt(1)).as("inbox entries").isEqualTo(notifications);
        assertThat(rs.getInt(2)).as("inbox entries handled").isEqualTo(notifications);
      }
      try (ResultSet rs =
          s.executeQuery("SELECT COUNT(*) FROM audit_log WHERE command = 'alert triage'")) {
        rs.next();
        assertThat(rs.getInt(1)).as("triages in the audit log").isEqualTo(GROUPS);
      }
    }
  }

  private static Map<String, Integer> count(Pattern pattern, String text) {
    Map<String, Integer> counts = new HashMap<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      counts.merge(m.group(1), 1, Integer::sum);
    }
    return counts;
  }
}
