package dev.incidentbot.bot.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.config.StoreConfig;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.JdbcJobState;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.followup.FollowUpCheck;
import dev.incidentbot.followup.FollowUpSettings;
import dev.incidentbot.followup.FollowUps;
import dev.incidentbot.followup.QueueDepths;
import dev.incidentbot.followup.Snapshot;
import dev.incidentbot.redis.RedisNodes;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.redis.health.HealthCheck;
import dev.incidentbot.redis.health.Scenario;
import dev.incidentbot.testing.RecordingOutbox;
import dev.incidentbot.testing.RedisExtension;
import dev.incidentbot.timeline.Timeline;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

@DisplayName("Follow-up checks after an action, fired by Quartz against a real Redis")
class FollowUpFlowTest {
  @RegisterExtension
  static final RedisExtension redis =
      new RedisExtension("--maxmemory", "10mb", "--maxmemory-policy", "noeviction");

  private static final Clock CLOCK = Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));

  @TempDir Path dir;
  private final ExecutorService calls = Executors.newCachedThreadPool();
  private QuartzScheduler scheduler;
  private Database db;

  @AfterEach
  void stop() {
    if (scheduler != null) {
      scheduler.close();
    }
    if (db != null) {
      db.close();
    }
    calls.shutdownNow();
  }

  @Test
  @DisplayName(
      "each check posts baseline, previous and now in the action's thread; a regression pings")
  void comparesAndFlagsRegression() throws Exception {
    Target target = Target.standalone("cache", redis.server().url());
    var health = new HealthCheck(new RedisNodes(), calls);
    db = Database.open(new StoreConfig("jdbc:h2:file:" + dir.resolve("bot"), null, null));
    var state = new JdbcJobState(db, CLOCK);
    var outbox = new RecordingOutbox();
    var check =
        new FollowUpCheck(
            new Targets(List.of(target)),
            health,
            QueueDepths.NONE,
            state,
            outbox,
            Timeline.NONE,
            CLOCK);
    scheduler =
        new QuartzScheduler(db, List.of(check), state, CLOCK, QuartzScheduler.Settings.DEFAULTS);
    var settings =
        FollowUpSettings.DEFAULTS.withAfterAction(
            List.of(Duration.ofSeconds(1), Duration.ofSeconds(3)));
    var followUps = new FollowUps(scheduler, state, settings, QueueDepths.NONE, CLOCK);
    Place thread = Place.channel("ops").inThread("purge-thread");

    fillTo(0.90); // out of memory before the action
    Snapshot before = followUps.baseline(target, health.check(target));
    assertThat(before.scenario()).isEqualTo(Scenario.OUT_OF_MEMORY);
    try (Jedis j = redis.server().client()) {
      j.flushAll(); // the action: a purge
    }
    List<String> ids =
        followUps.afterAction(target, thread, "a1", "purge cache:* by alice", before);
    assertThat(scheduler.pending(FollowUps.actionGroup("a1")))
        .extracting(s -> s.id())
        .containsExactlyElementsOf(ids);
    scheduler.start();

    var first = outbox.await(1, Duration.ofSeconds(10)).get(0);
    fillTo(0.78); // memory creeps back up before the second check
    var second = outbox.await(2, Duration.ofSeconds(10)).get(1);

    assertThat(first.place()).isEqualTo(thread);
    assertThat(first.reply().title()).isEqualTo("Follow-up +1 s of cache: holding ✔");
    assertThat(first.reply().severity()).isEqualTo(Severity.OK);
    assertThat(first.reply().pingOnCall()).isFalse();
    assertThat(first.reply().text()).contains("After purge cache:* by alice.");
    String firstTable = first.reply().codeBlocks().get(0).content();
    assertThat(firstTable.lines().findFirst().orElseThrow()).matches("\\s+before\\s+\\+1 s");
    assertThat(row(firstTable, "memory")).matches("memory\\s+9\\d % ✖\\s+\\d{1,2} %");
    assertThat(row(firstTable, "scenario")).matches("scenario\\s+B\\s+healthy");

    assertThat(second.place()).isEqualTo(thread);
    assertThat(second.reply().title())
        .startsWith("Follow-up +3 s of cache: REGRESSION — memory back over its threshold: 7");
    assertThat(second.reply().severity()) // a warn-level regression: pinged, not titled critical
        .isEqualTo(Severity.WARN);
    assertThat(second.reply().pingOnCall()).isTrue();
    String secondTable = second.reply().codeBlocks().get(0).content();
    assertThat(secondTable.lines().findFirst().orElseThrow())
        .matches("\\s+before\\s+\\+1 s\\s+\\+3 s");
    assertThat(row(secondTable, "memory")).matches("memory\\s+9\\d % ✖\\s+\\d{1,2} %\\s+7\\d % ▲");
    assertThat(row(secondTable, "scenario")).matches("scenario\\s+B\\s+healthy\\s+healthy");
    Awaitility.await("no job pending") // the last run is still finishing
        .atMost(Duration.ofSeconds(3))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(() -> assertThat(scheduler.pending(null)).isEmpty());
  }

  private static String row(String table, String name) {
    return table.lines().filter(l -> l.startsWith(name)).findFirst().orElseThrow();
  }

  /** Writes 64 KiB values until used memory reaches {@code fraction} of maxmemory. */
  private static void fillTo(double fraction) {
    try (Jedis j = redis.server().client()) {
      byte[] value = new byte[64 * 1024];
      int i = 0;
      while (true) {
        var info = dev.incidentbot.redis.InfoSnapshot.parse(j.info("memory"));
        double used = (double) info.number("used_memory", 0) / info.number("maxmemory", 1);
        if (used >= fraction) {
          return;
        }
        j.set(("cache:fill:" + i++).getBytes(), value);
      }
    }
  }
}
