package dev.incidentbot.bot.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.testing.BusyRedis;
import dev.incidentbot.testing.RedisExtension;
import dev.incidentbot.testing.SharedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * {@code kill -9} of a real bot process in the middle of a purge, then a new process on the same
 * database: the plan is reported as interrupted with the keys still matching, audited, its lock
 * released and its follow-ups scheduled — and the purge is not resumed.
 */
@DisplayName("A bot killed with kill -9 mid-purge: the next start reports it, frees the target")
class InterruptedActionTest {
  @RegisterExtension static final RedisExtension redis = new RedisExtension();

  private static final int KEYS = 200_000;
  private static final int KEPT = 1_000;
  private static final Duration SLOW = Duration.ofSeconds(90);

  @RegisterExtension static final SharedPostgres pg = new SharedPostgres();

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @BeforeEach
  void fill() {
    try (Jedis j = redis.server().client()) {
      j.flushAll();
      try (Pipeline p = j.pipelined()) {
        for (int i = 0; i < KEYS; i++) {
          p.set("cache:" + i, "v");
        }
        for (int i = 0; i < KEPT; i++) {
          p.set("user:" + i, "kept");
        }
      }
    }
  }

  @OnH2AndPostgres
  @DisplayName(
      "reported at start-up (on PostgreSQL once the dead instance's heartbeat is stale) with the"
          + " keys still matching; a new purge runs at once")
  void crashMidPurge(String database) throws Exception {
    var builder =
        BotProcess.in(dir)
            .database(database, pg)
            .target("main", redis.server().url())
            .aliceAndBob()
            .yaml(
                """
                followUps:
                  afterAction: [10m, 30m]
                """);
    long remaining;
    try (BotProcess bot = builder.start()) {
      bot.send("/redis purge pattern:cache:* target:main");
      Matcher confirm = bot.await(0, "\\[(\\d+)\\] Confirm \\(high risk\\)", SLOW);
      // every command waits behind a DEBUG SLEEP: the purge takes many seconds
      try (BusyRedis busy = BusyRedis.start(redis.server(), Duration.ofMillis(40))) {
        bot.send("@bob press " + confirm.group(1));
        awaitKeys(n -> n < KEYS + KEPT - 5_000, "the purge to start");
        bot.kill9();
      }
      remaining = dbSize();
      assertThat(remaining).as("killed mid-purge").isGreaterThan(KEPT + 10_000L);

      int restarted = bot.mark();
      bot.restart();
      Matcher interrupted =
          bot.await(
              restarted,
              "Interrupted: the bot stopped while /redis purge pattern:cache:\\* on main was"
                  + " running \\(started by alice, confirmed by bob at \\d\\d:\\d\\d:\\d\\d UTC\\);"
                  + " now: (≈ )?([\\d,]+) keys still match cache:\\*",
              SLOW);
      if (interrupted.group(1) == null) {
        assertThat(Long.parseLong(interrupted.group(2).replace(",", "")))
            .isEqualTo(remaining - KEPT);
      }
      int afterReport = bot.mark();
      bot.await(restarted, "Follow-up checks:\\s+2 checks of main scheduled here", SLOW);
      long left = remaining;
      Awaitility.await("the purge not resumed")
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(dbSize()).as("the purge is not resumed").isEqualTo(left));

      bot.send("/audit");
      bot.await(
          afterReport,
          "/redis purge pattern:cache:\\* on main — asked by alice, confirmed by bob:"
              + " interrupted, the bot stopped while it ran; now: ",
          SLOW);
      bot.send("/followup list");
      bot.await(afterReport, "interrupted when the bot stopped", SLOW);

      int before = bot.mark();
      bot.send("/redis purge pattern:cache:* target:main");
      Matcher again = bot.await(before, "\\[(\\d+)\\] Confirm \\(high risk\\)", SLOW);
      bot.send("@bob press " + again.group(1));
      bot.await(before, "Done: removed [\\d,]+ keys", SLOW);
      assertThat(bot.output().substring(before)).doesNotContain("Another action is running");
      assertThat(dbSize()).isEqualTo(KEPT);
      assertThat(bot.stop()).isZero();
      assertRecorded(bot);
    }
  }

  /** One interrupted and one finished purge audited, no lock left, the plan done undecided. */
  private static void assertRecorded(BotProcess bot) throws Exception {
    try (Connection c = bot.openStore();
        Statement s = c.createStatement()) {
      List<String> audited = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "SELECT outcome, detail FROM audit_log WHERE command = 'redis purge'"
                  + " AND detail LIKE 'plan %' ORDER BY id")) {
        while (rs.next()) {
          audited.add(rs.getString(1) + " " + rs.getString(2));
        }
      }
      assertThat(audited).hasSize(2);
      assertThat(audited.get(0))
          .startsWith("INTERRUPTED plan ")
          .contains("requested by alice, confirmed by bob: the bot stopped while it ran; now: ");
      assertThat(audited.get(1)).startsWith("OK plan ");
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM target_locks")) {
        rs.next();
        assertThat(rs.getInt(1)).as("locks left").isZero();
      }
      try (ResultSet rs =
          s.executeQuery("SELECT state, succeeded FROM confirmations ORDER BY created_at")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("done");
        rs.getBoolean(2);
        assertThat(rs.wasNull()).as("interrupted: neither succeeded nor failed").isTrue();
      }
    }
  }

  private static long dbSize() {
    try (Jedis j = redis.server().client()) {
      return j.dbSize();
    }
  }

  private static void awaitKeys(java.util.function.LongPredicate done, String what) {
    Awaitility.await(what)
        .atMost(SLOW)
        .pollInterval(Duration.ofMillis(20))
        .until(() -> done.test(dbSize()));
  }
}
