package dev.incidentbot.redis.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.redis.InfoSnapshot;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Thresholds;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The full-resync loop as a class, from INFO before and after a window: what counts as a loop
 * (several full resyncs now, one while the replica is not online, or a replica in a full sync again
 * after many), what does not (one new replica's first sync that ends online), and that the first
 * sentence gives the window's count, never a since-start total as if it were now.
 */
@DisplayName("Full-resync loop: judged on the window, named first, the right first step")
class ResyncLoopTest {
  private static final Target TARGET = Target.standalone("cache", "redis://10.0.0.5:6379");

  private static InfoSnapshot info(long syncFull, String... replicas) {
    var lines = new StringBuilder("# Replication\r\nrole:master\r\n");
    lines.append("connected_slaves:").append(replicas.length).append("\r\n");
    for (int i = 0; i < replicas.length; i++) {
      lines.append("slave").append(i).append(':').append(replicas[i]).append("\r\n");
    }
    lines.append("master_repl_offset:5000000\r\n# Stats\r\nsync_full:").append(syncFull);
    lines.append("\r\nuptime_in_seconds:600\r\n");
    return InfoSnapshot.parse(lines.toString());
  }

  private static final String SYNCING = "ip=10.0.0.6,port=6379,state=wait_bgsave,offset=0,lag=0";
  private static final String ONLINE = "ip=10.0.0.6,port=6379,state=online,offset=5000000,lag=0";

  private static Cause cause(InfoSnapshot before, InfoSnapshot after) {
    var window =
        new Window(
            Duration.ofMillis(500),
            new double[] {0.1, 0.1, 0.2},
            0,
            before,
            after,
            Duration.ofMillis(500),
            List.of(),
            List.of(),
            Window.WriteProbe.ANSWERED,
            Map.of());
    var findings =
        HealthEvaluator.findings(after, null, window, Thresholds.DEFAULTS, Optional.empty());
    return Causes.of(TARGET, Optional.empty(), after, window, findings);
  }

  @Test
  @DisplayName("several full resyncs in the window: the loop, with the window's count first")
  void severalNow() {
    Cause c = cause(info(40, SYNCING), info(45, SYNCING));
    assertThat(c.kind()).isEqualTo(Cause.Kind.RESYNC_LOOP);
    assertThat(c.scenario()).isEqualTo(Scenario.REPLICATION);
    assertThat(c.sentence())
        .startsWith(
            "cache (10.0.0.5:6379) is in a full-resync loop: 5 full resyncs in the last 0.5 s")
        .doesNotContain("since start");
    assertThat(c.nextSteps().get(0)).startsWith("Raise client-output-buffer-limit replica");
  }

  @Test
  @DisplayName("one in the window with no replica connected at its end: cut again, a loop")
  void oneAndGone() {
    Cause c = cause(info(7, SYNCING), info(8));
    assertThat(c.kind()).isEqualTo(Cause.Kind.RESYNC_LOOP);
    assertThat(c.sentence()).contains("1 full resync in the last 0.5 s");
  }

  @Test
  @DisplayName("a new replica's first full sync that ends online is no loop")
  void firstSync() {
    Cause c = cause(info(0, SYNCING), info(1, ONLINE));
    assertThat(c.kind()).isEqualTo(Cause.Kind.HEALTHY);
  }

  @Test
  @DisplayName("none in a short window, but syncing again after many: said with since-start words")
  void slowLoop() {
    Cause c = cause(info(30, SYNCING), info(30, SYNCING));
    assertThat(c.kind()).isEqualTo(Cause.Kind.RESYNC_LOOP);
    assertThat(c.sentence())
        .contains("a replica is in a full sync again, after 30 full resyncs since it started")
        .contains("none finished in the last 0.5 s");
  }

  @Test
  @DisplayName("many full resyncs long ago and every replica online now: healthy")
  void oldHistory() {
    Cause c = cause(info(30, ONLINE), info(30, ONLINE));
    assertThat(c.kind()).isEqualTo(Cause.Kind.HEALTHY);
  }
}
