package dev.incidentbot.followup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.chat.Place;
import dev.incidentbot.redis.InfoSnapshot;
import dev.incidentbot.redis.RedisNodes;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.redis.health.HealthCheck;
import dev.incidentbot.schedule.Job;
import dev.incidentbot.schedule.JobRun;
import dev.incidentbot.testing.RecordingOutbox;
import dev.incidentbot.testing.RedisExtension;
import dev.incidentbot.testing.RedisServer;
import dev.incidentbot.timeline.Timeline;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

@DisplayName("Incident watch: what counts as a change, and posting only on one")
class IncidentWatchTest {
  @RegisterExtension static final RedisExtension redis = new RedisExtension();

  private static final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterAll
  static void stopPool() {
    pool.shutdownNow();
  }

  @Test
  @DisplayName(
      "a real Redis: two runs in the same state post once; memory filled past 85 % posts the"
          + " change; then quiet again")
  void postsOnlyWhenSomethingChanged() throws Exception {
    RedisServer server = redis.extra("--maxmemory", "10mb", "--maxmemory-policy", "noeviction");
    Target target = Target.standalone("main", server.url());
    var outbox = new RecordingOutbox();
    var watch =
        new IncidentWatch(
            new Targets(java.util.List.of(target)),
            new HealthCheck(new RedisNodes(), pool),
            new MapJobState(),
            outbox,
            Timeline.NONE,
            Clock.systemUTC());
    Place thread = Place.channel("incidents").inThread("INC-7");
    Map<String, String> params = new HashMap<>(Job.placeParams(thread));
    params.put(IncidentWatch.PARAM_INCIDENT, "INC-7");
    params.put(IncidentWatch.PARAM_TARGETS, "main");
    Job job =
        Job.repeating(
            IncidentWatch.TYPE,
            "incident:INC-7",
            params,
            Instant.now(),
            Duration.ofMinutes(5),
            null,
            "watch of main while INC-7 is open");

    watch.run(run(job));
    watch.run(run(job));
    assertThat(outbox.posts()).as("the same state twice: one post").hasSize(1);
    assertThat(outbox.posts().get(0).place()).isEqualTo(thread);
    assertThat(outbox.posts().get(0).reply().text())
        .startsWith("Watching main while INC-7 is open; posting again when something changes.");

    fillTo(server, 0.90);
    watch.run(run(job));
    watch.run(run(job));

    assertThat(outbox.posts()).as("one post for the change, none for the repeat").hasSize(2);
    var changed = outbox.posts().get(1);
    assertThat(changed.place()).isEqualTo(thread);
    assertThat(changed.reply().title()).startsWith("INC-7 watch: ");
    assertThat(changed.reply().text())
        .startsWith("Changed since the last post:\n")
        .contains("main: healthy → B: out of memory")
        .contains("main: memory OK → CRIT");
  }

  private static JobRun run(Job job) {
    Instant now = Instant.now();
    return new JobRun("w1", job, now, now, now.minusSeconds(60));
  }

  /** Writes 64 KiB values until used memory reaches {@code fraction} of maxmemory. */
  private static void fillTo(RedisServer server, double fraction) {
    try (Jedis j = server.client()) {
      byte[] value = new byte[64 * 1024];
      for (int i = 0; ; i++) {
        var info = InfoSnapshot.parse(j.info("memory"));
        if ((double) info.number("used_memory", 0) / info.number("maxmemory", 1) >= fraction) {
          return;
        }
        j.set(("fill:" + i).getBytes(), value);
      }
    }
  }

  @Test
  @DisplayName("scenario and threshold levels are changes; the state round-trips through storage")
  void changes() {
    Map<String, String> before = new LinkedHashMap<>();
    before.put("main", "OUT_OF_MEMORY|evictions=WARN,memory=CRIT");
    before.put("cache", "HEALTHY|");
    Map<String, String> now = new LinkedHashMap<>();
    now.put("main", "HEALTHY|evictions=WARN");
    now.put("cache", "HEALTHY|");

    assertThat(IncidentWatch.changes(before, now))
        .containsExactly("main: B: out of memory → healthy", "main: memory CRIT → OK");
    assertThat(IncidentWatch.changes(now, now)).isEmpty();
    assertThat(IncidentWatch.parse(IncidentWatch.format(now))).isEqualTo(now);
  }
}
