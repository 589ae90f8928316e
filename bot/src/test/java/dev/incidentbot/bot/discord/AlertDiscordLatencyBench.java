package dev.incidentbot.bot.discord;

import dev.incidentbot.bot.Wiring;
import dev.incidentbot.bot.alert.StormPayloads;
import dev.incidentbot.bot.config.ConfigLoader;
import dev.incidentbot.bot.discord.fake.FakeDiscord;
import dev.incidentbot.bot.discord.fake.FakeMessage;
import dev.incidentbot.bot.http.BotHttpServer;
import dev.incidentbot.testing.RedisServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Benchmark, not a test (run by {@code bench/alerts/run}): alert notifications posted to the
 * webhook, through real JDA into the fake Discord with Discord's rate limits. Two shapes: the
 * issue's storm (1,000 notifications across 50 groups, 20 each, at 25 a second), with the target up
 * and hanging (timeout path); and new groups one at a time, slower than the alerts channel's limit
 * lets them in, so each shows the bot's own latency. Latency is from a group's first webhook POST
 * to its triage message's timestamp in the fake. Writes its report to {@code bench.out.discord}.
 */
@EnabledIfSystemProperty(named = "bench.out.discord", matches = ".+")
@DisplayName("bench: alert-to-triage latency through JDA and the fake Discord")
class AlertDiscordLatencyBench {
  private static final String TOKEN = "bench-token-0123456789abcdef";

  /** Long enough for the alerts channel's buckets (5 per 5 s) to refill between phases. */
  private static final long REFILL_MS = 5_500;

  @Test
  void run() throws Exception {
    try (RedisServer up = RedisServer.start();
        var silent = new SilentServer();
        FakeDiscord fake = FakeDiscord.start()) {
      String yaml =
          """
          targets:
            - name: up
              url: %s
              timeout: 500ms
            - name: down
              url: redis://127.0.0.1:%d
              timeout: 500ms
          store:
            url: "jdbc:h2:mem:bench-%s;DB_CLOSE_DELAY=-1"
          alerts:
            token: %s
          http:
            port: 0
          """
                  .formatted(up.url(), silent.port(), UUID.randomUUID(), TOKEN)
              + fake.configSection();
      var config = new ConfigLoader(name -> null).parse("bench.yml", yaml);
      try (var wiring = new Wiring(config, Clock.systemUTC());
          var bot = DiscordBot.start(wiring, fake.token(), fake.connection())) {
        BotHttpServer http = wiring.startHttp(List.of(bot.connectedProbe())).orElseThrow();
        var report = new StringBuilder();
        report.append(
            String.format(
                Locale.ROOT,
                "alert-to-triage latency through real JDA into the fake Discord with Discord's"
                    + " rate limits%n (5 messages and 5 threads per 5 s per channel, 50 requests/s"
                    + " global): alerts via POST%n /alerts/alertmanager, latency from a group's"
                    + " first POST to its triage message's timestamp%n in the fake; target timeout"
                    + " 500ms, 16 alert workers%n%n"));
        warmUp(fake, http, "up");
        Thread.sleep(REFILL_MS);
        report.append(measure(fake, http, "target up, storm      ", "up", 100_000, 50, 20, 40));
        Thread.sleep(REFILL_MS);
        report.append(measure(fake, http, "target down, storm    ", "down", 200_000, 50, 20, 40));
        Thread.sleep(REFILL_MS);
        report.append(measure(fake, http, "target up, one by one ", "up", 300_000, 20, 1, 1_100));
        Thread.sleep(REFILL_MS);
        report.append(measure(fake, http, "target down, one by one", "down", 400_000, 8, 1, 2_700));
        report.append(
            String.format(
                Locale.ROOT,
                "%nstorm: 1,000 notifications, 50 groups × 20, shuffled, one every 40 ms (all sent"
                    + " in 40 s).%n Each new group needs its message and its thread on the one"
                    + " alerts channel; Discord takes 5%n of each per 5 s there, so the 50th"
                    + " thread opens ≥ 45 s after the first: p50 and p99 are%n that queue, not the"
                    + " bot. Repeats cost no Discord call. 429s served: %d, rate-limit"
                    + " violations: %d.%n one by one: a new group every 1.1 s (up) or 2.7 s"
                    + " (down, each triage waits for its own%n check to time out), under the"
                    + " channel's pace: the bot's and JDA's own latency.%n",
                fake.rateLimited().size(),
                fake.rateLimitViolations().size()));
        Path out = Path.of(System.getProperty("bench.out.discord"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report.toString());
      }
    }
  }

  private static void warmUp(FakeDiscord fake, BotHttpServer http, String target) throws Exception {
    post(http, StormPayloads.firing(1, 0, target));
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (triages(fake, 1, 1).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  /**
   * Posts {@code perGroup} notifications for each of {@code groups} new groups, shuffled, one every
   * {@code intervalMs}, and reports first-POST-to-triage latency per group.
   */
  private static String measure(
      FakeDiscord fake,
      BotHttpServer http,
      String label,
      String target,
      int offset,
      int groups,
      int perGroup,
      long intervalMs)
      throws Exception {
    var sends = new ArrayList<int[]>();
    for (int n = 0; n < perGroup; n++) {
      for (int g = 0; g < groups; g++) {
        sends.add(new int[] {g, n});
      }
    }
    Collections.shuffle(sends, new Random(offset));
    Map<Integer, Instant> firstSent = new ConcurrentHashMap<>();
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    var futures = new ArrayList<Future<Integer>>();
    for (int i = 0; i < sends.size(); i++) {
      int[] send = sends.get(i);
      long wait = start + i * intervalMs * 1_000_000L - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      futures.add(
          pool.submit(
              () -> {
                firstSent.putIfAbsent(send[0], Instant.now());
                return post(http, StormPayloads.firing(offset + send[0], send[1], target));
              }));
    }
    for (var f : futures) {
      if (f.get() != 202) {
        throw new IllegalStateException("webhook answered " + f.get());
      }
    }
    pool.shutdown();
    Map<Integer, Instant> triaged = new HashMap<>();
    long deadline = System.nanoTime() + 300_000_000_000L;
    while (System.nanoTime() < deadline) {
      triaged = triages(fake, offset, groups);
      if (triaged.size() >= groups) {
        break;
      }
      Thread.sleep(200);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] latencies =
        triaged.entrySet().stream()
            .mapToLong(
                e ->
                    e.getValue().toEpochMilli() - firstSent.get(e.getKey() - offset).toEpochMilli())
            .sorted()
            .toArray();
    return String.format(
        Locale.ROOT,
        "%s: groups=%d notifications=%d  p50=%d ms  p99=%d ms  max=%d ms  all triaged in %.1f s%n",
        label,
        latencies.length,
        sends.size(),
        percentile(latencies, 50),
        percentile(latencies, 99),
        latencies[latencies.length - 1],
        seconds);
  }

  /** Group number → when its triage reached the fake Discord, for groups numbered from offset. */
  private static Map<Integer, Instant> triages(FakeDiscord fake, int offset, int count) {
    Map<Integer, Instant> found = new HashMap<>();
    for (FakeMessage alert : fake.messages("alerts")) {
      String title = alert.title();
      if (!title.startsWith("[FIRING:1] StormAlert")) {
        continue;
      }
      int group = Integer.parseInt(title.substring("[FIRING:1] StormAlert".length()));
      if (group < offset || group >= offset + count) {
        continue;
      }
      List<FakeMessage> thread;
      try {
        thread = fake.messages(alert.id());
      } catch (IllegalArgumentException noThreadYet) {
        continue;
      }
      thread.stream()
          .filter(m -> m.title().startsWith("Triage"))
          .findFirst()
          .ifPresent(
              m ->
                  found.put(
                      group,
                      OffsetDateTime.parse(m.json().path("timestamp").asText()).toInstant()));
    }
    return found;
  }

  private static int post(BotHttpServer http, String body)
      throws IOException, InterruptedException {
    return AlertWebhookClient.post(http, TOKEN, body);
  }

  private static long percentile(long[] sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /** Accepts connections and never answers: a Redis that hangs. */
  private static final class SilentServer implements AutoCloseable {
    private final ServerSocket socket;
    private final List<Socket> held = new ArrayList<>();

    SilentServer() throws IOException {
      socket = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
      Thread acceptor =
          new Thread(
              () -> {
                while (!socket.isClosed()) {
                  try {
                    Socket s = socket.accept();
                    synchronized (held) {
                      held.add(s);
                    }
                  } catch (IOException e) {
                    return;
                  }
                }
              },
              "silent-redis");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      socket.close();
      synchronized (held) {
        for (Socket s : held) {
          s.close();
        }
      }
    }
  }
}
