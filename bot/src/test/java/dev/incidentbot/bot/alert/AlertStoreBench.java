package dev.incidentbot.bot.alert;

import dev.incidentbot.testing.PostgresServer;
import dev.incidentbot.testing.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a test (run by {@code bench/alerts/run}; the class name keeps it out of normal
 * builds): the bot's database under an alert storm, H2 (a file, as the bot runs by default) and
 * PostgreSQL side by side in one run. 2,000 webhook notifications at an even pace over 60 s across
 * 100 alert groups (20 each, shuffled), into a recording outbox; reports the webhook's HTTP latency
 * p50/p99 (every notification is written to the database before the 202) and alert-to-triage
 * latency p50/p99 (each group's first POST to its triage message). Writes its report to {@code
 * bench.out.store}.
 */
@EnabledIfSystemProperty(named = "bench.out.store", matches = ".+")
@DisplayName("bench: alert latency on H2 and on PostgreSQL")
class AlertStoreBench {
  private static final int GROUPS = 100;
  private static final int PER_GROUP = 20;
  private static final Duration SPREAD = Duration.ofSeconds(60);
  private static final int SENDERS = 32;
  private static final Duration CHAT_LATENCY = Duration.ofMillis(5);

  @TempDir Path dir;

  @Test
  void run() throws Exception {
    var report = new StringBuilder();
    report.append(
        String.format(
            Locale.ROOT,
            "the bot's database under an alert storm: %d notifications via POST"
                + " /alerts/alertmanager%n over %d s at an even pace, %d groups x %d (shuffled),"
                + " up to %d in flight,%n recording outbox (%d ms per chat call), target up%n%n",
            GROUPS * PER_GROUP,
            SPREAD.toSeconds(),
            GROUPS,
            PER_GROUP,
            SENDERS,
            CHAT_LATENCY.toMillis()));
    try (RedisServer redis = RedisServer.start();
        PostgresServer pg = PostgresServer.start()) {
      // JIT warm-up, not reported: otherwise the first row pays for it
      measure(
          "warm-up",
          redis.url(),
          "jdbc:h2:mem:warm-up;DB_CLOSE_DELAY=-1",
          30,
          10,
          Duration.ofSeconds(10));
      report.append(
          measure("H2 (file)           ", redis.url(), "jdbc:h2:file:" + dir.resolve("h2/bot")));
      report.append(
          measure(
              "H2 (WRITE_DELAY=500)",
              redis.url(),
              "jdbc:h2:file:" + dir.resolve("h2-delayed/bot") + ";WRITE_DELAY=500"));
      report.append(
          measure(
              "PostgreSQL          ",
              redis.url(),
              pg.createDatabase("bench") + "?user=" + PostgresServer.USER));
    }
    report.append(
        String.format(
            "%nHTTP: the webhook's answer (parse, record the delivery, queue it). triage: a"
                + " group's first POST to%n its triage message, n = groups. PostgreSQL runs"
                + " locally with fsync off (the test server).%n H2 (file) is the bot's default:"
                + " each commit written before the statement returns. WRITE_DELAY=500 is%n"
                + " H2's own default, which the bot used before: commits written later in the"
                + " background, lost%n silently when that write fails.%n"));
    Path out = Path.of(System.getProperty("bench.out.store"));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, report.toString());
  }

  private static String measure(String label, String redisUrl, String storeUrl) throws Exception {
    return measure(label, redisUrl, storeUrl, GROUPS, PER_GROUP, SPREAD);
  }

  private static String measure(
      String label, String redisUrl, String storeUrl, int groups, int perGroup, Duration spread)
      throws Exception {
    try (AlertBot bot = AlertBot.start(redisUrl, redisUrl, storeUrl, "", CHAT_LATENCY)) {
      StormLatency.warmUp(bot);
      int offset = 20_000;
      var order = new ArrayList<Integer>();
      for (int g = 0; g < groups; g++) {
        for (int n = 0; n < perGroup; n++) {
          order.add(g * perGroup + n);
        }
      }
      Collections.shuffle(order, new Random(14));
      int total = order.size();
      long[] firstSent = new long[groups];
      var http = new ConcurrentLinkedQueue<Long>();
      ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
      var futures = new ArrayList<Future<Integer>>();
      long spacing = spread.toNanos() / total;
      long start = System.nanoTime();
      for (int i = 0; i < total; i++) {
        long due = start + i * spacing;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        int item = order.get(i);
        int group = item / perGroup;
        int n = item % perGroup;
        futures.add(
            pool.submit(
                () -> {
                  long sent = System.nanoTime();
                  synchronized (firstSent) {
                    if (firstSent[group] == 0) {
                      firstSent[group] = sent;
                    }
                  }
                  int status =
                      bot.postWebhook(StormPayloads.firing(offset + group, n, "cache-a"))
                          .statusCode();
                  http.add(System.nanoTime() - sent);
                  return status;
                }));
      }
      for (var f : futures) {
        if (f.get() != 202) {
          throw new IllegalStateException(label.strip() + ": webhook answered " + f.get());
        }
      }
      pool.shutdown();
      long[] h = StormLatency.sorted(new ArrayList<>(http));
      long[] t = StormLatency.triageLatencies(bot, groups, offset, firstSent);
      return String.format(
          Locale.ROOT,
          "%s: HTTP n=%d p50=%.1f ms p99=%.1f ms max=%.0f ms | triage n=%d p50=%.0f ms"
              + " p99=%.0f ms max=%.0f ms%n",
          label,
          h.length,
          StormLatency.percentile(h, 50),
          StormLatency.percentile(h, 99),
          h[h.length - 1] / 1e6,
          t.length,
          StormLatency.percentile(t, 50),
          StormLatency.percentile(t, 99),
          t[t.length - 1] / 1e6);
    }
  }
}
