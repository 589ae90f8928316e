package dev.incidentbot.bot.alert;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the alert benchmarks ({@link AlertLatencyBench}, {@link AlertStoreBench}) measure the same
 * way: the warm-up, alert-to-triage latency per {@code StormAlert} group from the recording outbox,
 * and percentiles.
 */
final class StormLatency {
  private StormLatency() {}

  /** One alert and its triage, so the first measured one does not pay for class loading. */
  static void warmUp(AlertBot bot) throws Exception {
    bot.postWebhook(StormPayloads.firing(0, 0, "cache-a"));
    bot.outbox.await(p -> p.reply().title().startsWith("Triage"), 1, Duration.ofSeconds(30));
  }

  /**
   * Waits for the triage of {@code groups} groups (StormAlert{@code offset}…, after the warm-up's)
   * and returns, sorted, each one's latency in nanoseconds from {@code sentNanos[group]}.
   */
  static long[] triageLatencies(AlertBot bot, int groups, int offset, long[] sentNanos)
      throws InterruptedException {
    var triages =
        bot.outbox.await(
            p -> p.reply().title().startsWith("Triage"), groups + 1, Duration.ofMinutes(5));
    Map<Object, Integer> groupOfThread = new HashMap<>();
    for (var t : bot.outbox.threads()) {
      String name = t.name();
      if (name.startsWith("StormAlert")) {
        groupOfThread.put(t.thread(), Integer.parseInt(name.substring(10)) - offset);
      }
    }
    var latencies = new ArrayList<Long>();
    for (var p : triages) {
      Integer g = groupOfThread.get(p.place());
      if (g != null && g >= 0) {
        latencies.add(p.atNanos() - sentNanos[g]);
      }
    }
    return sorted(latencies);
  }

  static long[] sorted(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).sorted().toArray();
  }

  /** The {@code p}th percentile of {@code sorted} nanoseconds, in milliseconds. */
  static double percentile(long[] sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
  }
}
