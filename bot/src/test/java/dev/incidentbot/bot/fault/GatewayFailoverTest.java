package dev.incidentbot.bot.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.incidentbot.bot.alert.StormPayloads;
import dev.incidentbot.bot.discord.fake.FakeDiscord;
import dev.incidentbot.bot.discord.fake.FakeInteraction;
import dev.incidentbot.bot.discord.fake.FakeMessage;
import dev.incidentbot.bot.discord.fake.FakeUser;
import dev.incidentbot.testing.PostgresServer;
import dev.incidentbot.testing.RedisServer;
import dev.incidentbot.testing.SharedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real bot processes on one PostgreSQL against the fake Discord (issue 15, "Two instances, one
 * bot"): one holds the gateway and answers, the other stands by and takes alert webhooks; killed
 * with SIGKILL mid-incident, the leader is replaced within 15 s, buttons it posted still work, and
 * every alert posted to either instance is triaged exactly once.
 */
@DisplayName("Two bot instances, one bot in Discord: leader, standby, failover")
class GatewayFailoverTest {
  private static final Duration TAKE_OVER = Duration.ofSeconds(15);
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final SharedPostgres pg = new SharedPostgres();

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  private RedisServer redis;
  private FakeDiscord fake;
  private String storeUrl;

  @BeforeEach
  void setUp() {
    redis = RedisServer.start();
    fake = FakeDiscord.start();
    storeUrl = pg.createDatabase("ha");
  }

  @AfterEach
  void tearDown() {
    fake.close();
    redis.close();
  }

  private BotProcess.Builder instance(String name) {
    return BotProcess.in(dir.resolve(name))
        .target("main", redis.url())
        .store(storeUrl, PostgresServer.USER)
        .discord(fake);
  }

  @Test
  @DisplayName(
      "commands answered once; kill -9 the leader mid-incident: the standby answers within 15 s,"
          + " the old leader's buttons work, no alert lost or triaged twice")
  void failover() throws Exception {
    try (BotProcess a = instance("a").start()) {
      awaitRole(a, "leader", Duration.ofSeconds(60));
      try (BotProcess b = instance("b").start()) {
        assertThat(role(b)).isEqualTo("standby");
        assertThat(b.stderr()).contains("standby: another bot instance holds the Discord gateway");
        assertThat(fake.gatewaySessions()).isEqualTo(1);
        FakeUser carol = fake.user("carol", "Commander", "Operator", "Viewer");

        // commands answered once, by the leader
        FakeMessage health =
            fake.awaitAnswer(fake.slash("redis health", Map.of("target", "main"), carol));
        assertThat(health.title()).startsWith("main");
        FakeInteraction declare = declareIncident(carol);
        FakeMessage declared = fake.awaitAnswer(declare);
        assertThat(declared.title()).isEqualTo("INC-1 declared");

        // alerts posted to both instances' intake
        assertThat(a.postWebhook(StormPayloads.firing(1, 1, "main")).statusCode()).isEqualTo(202);
        assertThat(b.postWebhook(StormPayloads.firing(2, 1, "main")).statusCode()).isEqualTo(202);
        // one notification sent to both, as an Alertmanager with both instances as receivers does
        assertThat(a.postWebhook(StormPayloads.firing(4, 1, "main")).statusCode()).isLessThan(300);
        assertThat(b.postWebhook(StormPayloads.firing(4, 1, "main")).statusCode()).isLessThan(300);
        awaitAlertThreads(1, 2, 4);
        // handled through (a kill between posting and recording it repeats no post: the posts
        // carry nonces; see AlertPostCrashTest)
        awaitNoPendingAlerts();

        // the leader dies mid-incident; an alert arrives at the standby meanwhile
        long killed = System.nanoTime();
        a.kill9();
        assertThat(b.postWebhook(StormPayloads.firing(3, 1, "main")).statusCode()).isEqualTo(202);
        awaitRole(b, "leader", TAKE_OVER);
        fake.awaitGatewayReady();
        FakeMessage again =
            fake.awaitAnswer(fake.slash("redis health", Map.of("target", "main"), carol));
        Duration tookOver = Duration.ofNanos(System.nanoTime() - killed);
        assertThat(again.title()).startsWith("main");
        assertThat(tookOver).isLessThan(TAKE_OVER);

        // a button the old leader posted works on the new one
        fake.awaitModal(fake.click(declared, "Post update", carol));

        // every alert triaged once, whichever instance took it
        awaitAlertThreads(1, 2, 3, 4);
        awaitNoPendingAlerts();
        // one post each, and still one 2 s later: time for a second post, were one coming
        await("one post per alert group")
            .during(Duration.ofSeconds(2))
            .atMost(Duration.ofSeconds(10))
            .until(() -> IntStream.rangeClosed(1, 4).allMatch(group -> alertPosts(group) == 1));
        assertThat(countRows("SELECT COUNT(*) FROM incidents")).isEqualTo(1);
        assertThat(countRows("SELECT COUNT(*) FROM alert_inbox WHERE handled_at IS NULL")).isZero();
        assertThat(fake.gatewaySessions()).isEqualTo(1);
        assertThat(fake.rejections()).isEmpty();
      }
    }
  }

  @Test
  @DisplayName(
      "the leader loses its database session: it leaves the gateway and exits, the standby takes"
          + " over and answers once")
  void leaderLosingTheDatabaseStepsDown() throws Exception {
    try (BotProcess a = instance("a").start()) {
      awaitRole(a, "leader", Duration.ofSeconds(60));
      try (BotProcess b = instance("b").start()) {
        assertThat(role(b)).isEqualTo("standby");
        FakeUser carol = fake.user("carol", "Commander", "Operator", "Viewer");
        fake.awaitAnswer(fake.slash("redis health", Map.of("target", "main"), carol));

        // the session that holds the lease is cut, as a failing network or server would
        assertThat(
                countRows(
                    "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_locks"
                        + " WHERE locktype = 'advisory' AND granted"))
            .isEqualTo(1);

        awaitRole(b, "leader", TAKE_OVER);
        awaitSteppedDown(a, "the old leader exits");
        fake.awaitGatewayReady();
        assertThat(fake.gatewaySessions()).isEqualTo(1);
        FakeInteraction declare = declareIncident(carol);
        assertThat(fake.awaitAnswer(declare).title()).isEqualTo("INC-1 declared");
        // still one incident a second later: no second instance answered the declaration
        await()
            .during(Duration.ofSeconds(1))
            .atMost(Duration.ofSeconds(5))
            .until(() -> countRows("SELECT COUNT(*) FROM incidents") == 1);
        assertThat(fake.rejections()).isEmpty();
      }
    }
  }

  @Test
  @DisplayName(
      "a frozen leader (kill -STOP) loses the lease on the server; the standby takes over, and"
          + " when the old leader thaws it steps down without answering anything")
  void frozenLeaderStepsDownWhenItThaws() throws Exception {
    try (BotProcess a = instance("a").start()) {
      awaitRole(a, "leader", Duration.ofSeconds(60));
      try (BotProcess b = instance("b").start()) {
        assertThat(role(b)).isEqualTo("standby");
        FakeUser carol = fake.user("carol", "Commander", "Operator", "Viewer");

        a.signal("STOP");
        // PostgreSQL ends the silent lease session (idle_session_timeout) and frees the lock
        awaitRole(b, "leader", Duration.ofSeconds(40));
        // the frozen leader's gateway session is still open: Discord sends events to both
        await().atMost(Duration.ofSeconds(30)).until(() -> fake.gatewaySessions() == 2);
        FakeInteraction declare = declareIncident(carol);
        assertThat(fake.awaitAnswer(declare).title()).isEqualTo("INC-1 declared");

        a.signal("CONT");
        awaitSteppedDown(a, "the thawed leader exits");
        await().atMost(Duration.ofSeconds(10)).until(() -> fake.gatewaySessions() == 1);
        await()
            .during(Duration.ofSeconds(1))
            .atMost(Duration.ofSeconds(5))
            .until(() -> countRows("SELECT COUNT(*) FROM incidents") == 1);
        assertThat(fake.followUps(declare)).isEmpty();
        assertThat(fake.rejections()).isEmpty();
      }
    }
  }

  @Test
  @DisplayName(
      "the standby runs its share of the scheduled work and the leader posts its results, each"
          + " once; kill -9 the leader and the standby's waiting posts still go out, once")
  void standbyRunsItsShareOfScheduledWork() throws Exception {
    try (BotProcess a = routineInstance("a").start()) {
      awaitRole(a, "leader", Duration.ofSeconds(60));
      try (BotProcess b = routineInstance("b").start()) {
        assertThat(role(b)).isEqualTo("standby");
        assertThat(fake.gatewaySessions()).isEqualTo(1);
        // the Quartz cluster gives the standby some of the four checks due every 5 s
        try {
          await("the standby runs routine checks")
              .atMost(Duration.ofSeconds(60))
              .until(() -> routineRuns(b) >= 2);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
          throw new AssertionError(
              "leader ran " + routineRuns(a) + "; standby log:\n" + b.stderr(), e);
        }
        // each run posted once: every post in #ops is one run logged by one of the two
        await("one post per run")
            .atMost(Duration.ofSeconds(20))
            .until(() -> routinePosts() == routineRuns(a) + routineRuns(b));
        assertThat(
                countRows(
                    "SELECT COUNT(*) FROM relayed_posts WHERE done_at IS NOT NULL"
                        + " AND error IS NULL AND requested_by = (SELECT id FROM bot_instances"
                        + " ORDER BY started_at DESC LIMIT 1)"))
            .as("posts the standby's jobs asked the leader for")
            .isGreaterThanOrEqualTo(2);

        a.kill9();
        awaitRole(b, "leader", TAKE_OVER);
        int before = routineRuns(b);
        await("the new leader posts its own checks")
            .atMost(Duration.ofSeconds(30))
            .until(() -> routineRuns(b) >= before + 4);
        await("one post per run after the failover")
            .atMost(Duration.ofSeconds(20))
            .until(() -> routinePosts() == routineRuns(a) + routineRuns(b));
        assertThat(countRows("SELECT COUNT(*) FROM relayed_posts WHERE done_at IS NULL")).isZero();
        assertThat(fake.rejections()).isEmpty();
      }
    }
  }

  /** An instance whose four targets each have a routine check every 5 s, posting "all clear". */
  private BotProcess.Builder routineInstance(String name) {
    var targets = new StringBuilder("targets:\n");
    var routine = new StringBuilder();
    for (int t = 1; t <= 4; t++) {
      targets.append("  - name: t").append(t).append("\n    url: ").append(redis.url());
      targets.append("\n");
      routine.append("    t").append(t).append(": \"*/5 * * * * ?\"\n");
    }
    return BotProcess.in(dir.resolve(name))
        .targets(targets.toString())
        .store(storeUrl, PostgresServer.USER)
        .discord(fake)
        .yaml("followUps:\n  minInterval: 1s\n  allClear: true\n  routine:\n" + routine);
  }

  /** Routine checks {@code bot} ran and posted (each is logged once its post is made). */
  private static int routineRuns(BotProcess bot) {
    return BotProcess.occurrences(
        "routine check of t\\d: \\d+ of \\d+ need attention", bot.stderr());
  }

  private long routinePosts() {
    return fake.messages("ops").stream()
        .filter(m -> m.title().startsWith("Routine check of t"))
        .count();
  }

  /** The {@code /incident declare} every case sends, as {@code user}. */
  private FakeInteraction declareIncident(FakeUser user) {
    return fake.slash(
        "incident declare",
        Map.of("title", "Checkout is down", "severity", "P1", "targets", "main"),
        user);
  }

  /** Waits up to 30 s for {@code bot} to exit, as a leader that lost its lease does. */
  private static void awaitSteppedDown(BotProcess bot, String what) {
    await(what).atMost(Duration.ofSeconds(30)).until(() -> !bot.isAlive());
    assertThat(bot.stderr()).contains("lost the gateway lease");
  }

  private void awaitNoPendingAlerts() {
    await("no alert pending")
        .atMost(Duration.ofSeconds(30))
        .until(() -> countRows("SELECT COUNT(*) FROM alert_inbox WHERE handled_at IS NULL") == 0);
  }

  private void awaitAlertThreads(int... groups) {
    await()
        .atMost(Duration.ofSeconds(30))
        .alias("alert groups " + java.util.Arrays.toString(groups) + " all posted")
        .until(() -> java.util.Arrays.stream(groups).allMatch(g -> alertPosts(g) >= 1));
  }

  /** Messages in #alerts about StormAlert{@code group}: one per group, its thread's parent. */
  private long alertPosts(int group) {
    List<FakeMessage> posts = fake.messages("alerts");
    return posts.stream()
        .filter(m -> m.title().matches(".*\\bStormAlert" + group + "\\b.*"))
        .count();
  }

  private long countRows(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(storeUrl, PostgresServer.USER, null);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String role(BotProcess bot) throws Exception {
    JsonNode body = JSON.readTree(bot.get("/healthz").body());
    return body.path("role").asText();
  }

  private static void awaitRole(BotProcess bot, String role, Duration timeout) {
    var seen = new java.util.concurrent.atomic.AtomicReference<>("");
    try {
      await()
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                try {
                  var r = bot.get("/healthz");
                  seen.set(r.statusCode() + " " + r.body());
                  return r.statusCode() == 200
                      && role.equals(JSON.readTree(r.body()).path("role").asText());
                } catch (java.io.IOException notYet) {
                  seen.set(notYet.toString());
                  return false;
                }
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError(
          "no "
              + role
              + " within "
              + timeout
              + "; /healthz said "
              + seen
              + "\nlog:\n"
              + bot.stderr(),
          e);
    }
  }
}
