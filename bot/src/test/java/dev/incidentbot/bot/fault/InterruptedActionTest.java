package dev.incidentbot.bot.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.testing.BusyRedis;
import dev.incidentbot.testing.PostgresServer;
import dev.incidentbot.testing.RedisExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
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

  private static PostgresServer pg;

  @TempDir Path dir;

  @BeforeAll
  static void postgres() {
    pg = PostgresServer.start();
  }

  @AfterAll
  static void stopPostgres() {
    if (pg != null) {
      pg.close();
    }
  }

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

  @Test
  @DisplayName("on H2: reported at start-up with the keys still matching; a new purge runs at once")
  void onH2() throws Exception {
    crashMidPurge("url: jdbc:h2:file:" + dir.resolve("db/bot"), this::h2);
  }

  @Test
  @DisplayName("on PostgreSQL: reported once the dead instance's heartbeat is stale")
  void onPostgres() throws Exception {
    String url = pg.createDatabase("crash_" + Long.toString(System.nanoTime(), 36));
    crashMidPurge(
        "url: " + url + "\n  user: " + PostgresServer.USER,
        () -> DriverManager.getConnection(url, PostgresServer.USER, null));
  }

  /** Opens the bot's database once no bot holds it. */
  @FunctionalInterface
  interface Db {
    Connection open() throws Exception;
  }

  private Connection h2() throws Exception {
    return DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("db/bot"));
  }

  private void crashMidPurge(String store, Db db) throws Exception {
    Path config = dir.resolve("bot.yml");
    Files.writeString(
        config,
        """
        targets:
          - name: main
            url: %s
        console:
          users:
            - name: alice
              roles: [viewer, operator, commander]
            - name: bob
              roles: [viewer, operator]
        followUps:
          afterAction: [10m, 30m]
        store:
          %s
        """
            .formatted(redis.server().url(), store));

    long remaining;
    try (ChildBot first = ChildBot.start(config, dir.resolve("run1"))) {
      first.type("/redis purge pattern:cache:* target:main");
      Matcher confirm = first.await(0, "\\[(\\d+)\\] Confirm \\(high risk\\)", SLOW);
      // every command waits behind a DEBUG SLEEP: the purge takes many seconds
      try (BusyRedis busy = BusyRedis.start(redis.server(), Duration.ofMillis(40))) {
        first.type("@bob press " + confirm.group(1));
        awaitKeys(n -> n < KEYS + KEPT - 5_000, "the purge to start");
        first.kill9();
      }
      remaining = dbSize();
      assertThat(remaining).as("killed mid-purge").isGreaterThan(KEPT + 10_000L);
    }

    try (ChildBot second = ChildBot.start(config, dir.resolve("run2"))) {
      Matcher interrupted =
          second.await(
              0,
              "Interrupted: the bot stopped while /redis purge pattern:cache:\\* on main was"
                  + " running \\(started by alice, confirmed by bob at \\d\\d:\\d\\d:\\d\\d UTC\\);"
                  + " now: (≈ )?([\\d,]+) keys still match cache:\\*",
              SLOW);
      if (interrupted.group(1) == null) {
        assertThat(Long.parseLong(interrupted.group(2).replace(",", "")))
            .isEqualTo(remaining - KEPT);
      }
      int afterReport = second.output().length();
      second.await(0, "Follow-up checks:\\s+2 checks of main scheduled here", SLOW);
      Thread.sleep(2000);
      assertThat(dbSize()).as("the purge is not resumed").isEqualTo(remaining);

      second.type("/audit");
      second.await(
          afterReport,
          "/redis purge pattern:cache:\\* on main — asked by alice, confirmed by bob:"
              + " interrupted, the bot stopped while it ran; now: ",
          SLOW);
      second.type("/followup list");
      second.await(afterReport, "interrupted when the bot stopped", SLOW);

      int before = second.output().length();
      second.type("/redis purge pattern:cache:* target:main");
      Matcher again = second.await(before, "\\[(\\d+)\\] Confirm \\(high risk\\)", SLOW);
      second.type("@bob press " + again.group(1));
      second.await(before, "Done: removed [\\d,]+ keys", SLOW);
      assertThat(second.output().substring(before)).doesNotContain("Another action is running");
      assertThat(dbSize()).isEqualTo(KEPT);
      assertThat(second.stop(SLOW)).isZero();
    }

    try (Connection c = db.open();
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

  private static void awaitKeys(java.util.function.LongPredicate done, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + SLOW.toNanos();
    while (!done.test(dbSize())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + "; keys: " + dbSize());
      }
      Thread.sleep(20);
    }
  }
}
