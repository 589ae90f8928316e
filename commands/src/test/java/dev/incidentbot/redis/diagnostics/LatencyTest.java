package dev.incidentbot.redis.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.redis.Target;
import dev.incidentbot.testing.RedisExtension;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

@Tag("engines")
@DisplayName("Latency figures: enough PINGs for an honest p99, or a p99 labelled as the max")
class LatencyTest {
  @RegisterExtension static final RedisExtension servers = new RedisExtension();

  private static LatencyCommand.Latency latency(int samples) {
    double[] sorted = IntStream.rangeClosed(1, samples).asDoubleStream().toArray();
    return new LatencyCommand.Latency(sorted, 0, List.of(), "");
  }

  @Test
  @DisplayName("200 samples: p99 is the 198th value, below the max; 30 samples: p99 is the max")
  void quantiles() {
    var honest = latency(200);
    assertThat(honest.quantile(0.5)).isEqualTo(100);
    assertThat(honest.quantile(0.99)).isEqualTo(198).isLessThan(honest.max());
    assertThat(honest.p99Measured()).isTrue();

    var few = latency(30);
    assertThat(few.quantile(0.99)).isEqualTo(few.max());
    assertThat(few.p99Measured()).isFalse();
  }

  @Test
  @DisplayName("a real server: 200 sequential PINGs sorted, min <= p50 <= p99 <= max")
  void realPings() {
    try (Jedis j = servers.server().client()) {
      double[] samples = LatencyCommand.pings(j, Duration.ofSeconds(1));
      var l = new LatencyCommand.Latency(samples, 0, List.of(), "");

      assertThat(l.samples()).isEqualTo(LatencyCommand.SAMPLES);
      assertThat(samples).isSorted();
      assertThat(l.sortedMs()[0]).isLessThanOrEqualTo(l.quantile(0.5));
      assertThat(l.quantile(0.5)).isLessThanOrEqualTo(l.quantile(0.99));
      assertThat(l.quantile(0.99)).isLessThanOrEqualTo(l.max());
    }
  }

  @Test
  @DisplayName("a tiny budget takes fewer samples, and the budget is half the timeout at most")
  void budget() {
    try (Jedis j = servers.server().client()) {
      assertThat(LatencyCommand.pings(j, Duration.ZERO)).hasSize(1);
    }
    Target fast =
        Target.standalone("t", servers.server().url()).withTimeout(Duration.ofMillis(400));
    assertThat(LatencyCommand.pingBudget(fast)).isEqualTo(Duration.ofMillis(200));
    Target slow = fast.withTimeout(Duration.ofSeconds(10));
    assertThat(LatencyCommand.pingBudget(slow)).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  @DisplayName(
      "a server stalled half the time (DEBUG SLEEP 0.05, then 50 ms free): PINGs at random moments"
          + " see the stalls in proportion; back to back, most of them landed in the gaps")
  void stallsSeen() throws Exception {
    var server = servers.extra();
    var stop = new java.util.concurrent.atomic.AtomicBoolean();
    Thread sleeper =
        new Thread(
            () -> {
              try (Jedis j = server.client()) {
                long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (!stop.get() && System.nanoTime() < end) {
                  j.sendCommand(
                      () -> "DEBUG".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                      "SLEEP",
                      "0.05");
                  try {
                    Thread.sleep(50); // stalled half the time
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              }
            });
    sleeper.start();
    try (Jedis j = server.client()) {
      Thread.sleep(100); // the stalls under way before the PINGs start
      var l =
          new LatencyCommand.Latency(
              LatencyCommand.pings(j, Duration.ofMillis(600)), 0, List.of(), "");

      long slow = java.util.Arrays.stream(l.sortedMs()).filter(ms -> ms > 10).count();
      assertThat(slow / (double) l.samples())
          .as("share of PINGs over 10 ms, of %s", java.util.Arrays.toString(l.sortedMs()))
          .isGreaterThan(0.2);
      assertThat(l.quantile(0.99)).as("p99 in ms").isGreaterThan(30);
    } finally {
      stop.set(true);
      sleeper.join();
    }
  }
}
