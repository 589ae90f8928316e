package dev.incidentbot.bot.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.testing.RedisServer;
import dev.incidentbot.testing.SentinelGroup;
import dev.incidentbot.testing.SharedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientPauseMode;

/**
 * {@code kill -9} in the middle of a confirmed Sentinel failover, then a restart on the same
 * database: the failover is reported as interrupted with who is master now, audited, its lock
 * released — and not run again (Sentinel's config epoch moved once).
 *
 * <p>The window: once Sentinel has the failover under way, the old master is paused ({@code CLIENT
 * PAUSE ALL}) for a few seconds, so after Sentinel names the new master the bot waits at the old
 * master's ROLE; the kill lands there. (Pausing it only after the failover started keeps Sentinel
 * from starting a failover of its own for a master that stopped answering.)
 */
@DisplayName("Fault: kill -9 mid-failover, restart on the same database")
class MidFailoverCrashTest {
  private static final Duration SLOW = Duration.ofSeconds(90);
  private static final long PAUSE_MS = 8_000;

  @RegisterExtension static final SharedPostgres pg = new SharedPostgres();
  private static SentinelGroup ha;

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  /** One Sentinel group for the class; each test gets its own bot database. */
  @BeforeAll
  static void sentinel() {
    ha = SentinelGroup.start("orders");
  }

  @AfterAll
  static void stopSentinel() {
    if (ha != null) {
      ha.close();
    }
  }

  @OnH2AndPostgres
  @DisplayName("reported as interrupted with the new master, audited, lock released, not re-run")
  void killedWhileWaitingForTheSwitch(String database) throws Exception {
    ha.awaitReplicaInSync();
    RedisServer before = ha.master();
    RedisServer after = ha.replica();
    String from = "127.0.0.1:" + before.port();
    String to = "127.0.0.1:" + after.port();
    var builder =
        BotProcess.in(dir)
            .database(database, pg)
            .targets(
                """
                targets:
                  - name: ha
                    mode: sentinel
                    master: orders
                    nodes: ["%s"]
                    timeout: 2s
                """
                    .formatted(ha.sentinelAddress()))
            .aliceAndBob()
            .yaml(
                """
                followUps:
                  afterAction: [10m, 30m]
                """);
    try (BotProcess bot = builder.start()) {
      long epoch = epoch();
      bot.send("/redis failover target:ha");
      Matcher confirm = bot.await(0, "\\[(\\d+)\\] Confirm \\(high risk\\)", SLOW);
      bot.send("@bob press " + confirm.group(1));

      // Sentinel has the failover under way: hold the old master's answers for a while
      awaitSentinel(flags -> flags.contains("failover_in_progress"), "the failover to start");
      try (Jedis old = before.client()) {
        old.clientPause(PAUSE_MS, ClientPauseMode.ALL);
      }
      // Sentinel names the new master; the bot now waits for the old master's ROLE
      awaitSentinel(flags -> ha.master() == after, "Sentinel to name " + to);
      assertThat(bot.output()).doesNotContain("Done: master of ha", "Failed:");
      bot.kill9();
      assertThat(bot.output()).doesNotContain("Done: master of ha");

      // the old master follows the new one before the bot is back
      ha.awaitReplicaInSync();
      int restarted = bot.mark();
      bot.restart();
      bot.await(
          restarted,
          "Interrupted: the bot stopped while /redis failover[^\\n]*? on ha was running"
              + " \\(started by alice, confirmed by bob at \\d\\d:\\d\\d:\\d\\d UTC\\);"
              + " now: Sentinel names "
              + Pattern.quote(to)
              + " as master \\(it was "
              + Pattern.quote(from)
              + ": the failover happened\\); its ROLE is master",
          SLOW);
      bot.await(restarted, "Follow-up checks:\\s+2 checks of ha scheduled here", SLOW);

      // nothing runs twice: the failover is not resumed or repeated
      Awaitility.await("nothing runs twice")
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(ha.master()).isSameAs(after);
                assertThat(epoch())
                    .as("Sentinel's config epoch: one failover")
                    .isEqualTo(epoch + 1);
                assertThat(bot.output())
                    .doesNotContain("Done: master of ha", "Another action is running");
              });
      assertThat(bot.stop()).isZero();

      try (Connection c = bot.openStore();
          Statement s = c.createStatement()) {
        try (ResultSet rs =
            s.executeQuery(
                "SELECT outcome, detail FROM audit_log WHERE command = 'redis failover'"
                    + " AND detail LIKE 'plan %'")) {
          assertThat(rs.next()).as("the failover audited").isTrue();
          assertThat(rs.getString(1)).isEqualTo("INTERRUPTED");
          assertThat(rs.getString(2)).contains("the failover happened");
          assertThat(rs.next()).as("audited once").isFalse();
        }
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM target_locks")) {
          rs.next();
          assertThat(rs.getInt(1)).as("locks left").isZero();
        }
      }
    }
  }

  private static long epoch() {
    try (Jedis s = ha.sentinel().client()) {
      Map<String, String> master = s.sentinelMaster(ha.name());
      return Long.parseLong(master.get("config-epoch"));
    }
  }

  private static void awaitSentinel(java.util.function.Predicate<String> done, String what) {
    Awaitility.await(what)
        .atMost(SLOW)
        .pollInterval(Duration.ofMillis(5))
        .until(
            () -> {
              try (Jedis s = ha.sentinel().client()) {
                return s.sentinelMaster(ha.name()).get("flags");
              }
            },
            done::test);
  }
}
