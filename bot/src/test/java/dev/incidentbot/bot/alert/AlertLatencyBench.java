package dev.incidentbot.bot.alert;

import dev.incidentbot.testing.RedisServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Benchmark, not a test (run by {@code bench/alerts/run}; the class name keeps it out of normal
 * builds): 1,000 alert groups posted to the webhook by 8 concurrent senders, alert-to-triage-posted
 * latency with the target up, and with it down (a server that accepts connections and never
 * answers: the timeout path). Writes its report to {@code bench.out}.
 */
@EnabledIfSystemProperty(named = "bench.out", matches = ".+")
@DisplayName("bench: alert-to-triage latency")
class AlertLatencyBench {
  private static final int ALERTS = 1000;
  private static final int SENDERS = 8;
  private static final Duration CHAT_LATENCY = Duration.ofMillis(5);
  private static final String TIMEOUT = "500ms";

  @Test
  void run() throws Exception {
    var report = new StringBuilder();
    report.append(
        String.format(
            Locale.ROOT,
            "alert-to-triage latency: %d new alert groups via POST /alerts/alertmanager,"
                + " %d concurrent senders,%n recording outbox (%d ms per chat call) instead of"
                + " Discord, target timeout %s, %d alert workers%n%n",
            ALERTS,
            SENDERS,
            CHAT_LATENCY.toMillis(),
            TIMEOUT,
            16));
    try (RedisServer up = RedisServer.start()) {
      report.append(measure("target up, storm     ", up.url(), ALERTS, SENDERS, 0, 500));
    }
    try (var silent = new SilentServer()) {
      String url = "redis://127.0.0.1:" + silent.port();
      report.append(measure("target down, storm   ", url, ALERTS, SENDERS, 0, 800));
      report.append(measure("target down, isolated", url, 8, 1, 2_700, 800));
    }
    report.append(
        String.format(
            "%nstorm: the alerts arrive as fast as %d senders can post; triages about one target"
                + " share a health%n result up to 2 s old, so a hanging Redis costs one timeout"
                + " per 2 s, not one per alert.%nisolated: alerts 2.7 s apart, so every triage"
                + " waits for its own check to time out.%n",
            SENDERS));
    Path out = Path.of(System.getProperty("bench.out"));
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, report.toString());
  }

  private static String measure(
      String label, String url, int alerts, int senders, long spacingMs, long goalMs)
      throws Exception {
    String store = "jdbc:h2:mem:bench-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
    String extra = "";
    try (AlertBot bot = AlertBot.start(url, url, store, extra, CHAT_LATENCY)) {
      checkTimeout(bot);
      StormLatency.warmUp(bot);
      Thread.sleep(2_700); // let the warm-up's health result expire
      int offset = 10_000;
      long[] sent = new long[alerts];
      long start = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(senders);
      var futures = new ArrayList<Future<Integer>>();
      for (int i = 0; i < alerts; i++) {
        int n = i;
        if (spacingMs > 0 && i > 0) {
          Thread.sleep(spacingMs);
        }
        futures.add(
            pool.submit(
                () -> {
                  sent[n] = System.nanoTime();
                  return bot.postWebhook(StormPayloads.firing(offset + n, 0, "cache-a"))
                      .statusCode();
                }));
      }
      for (var f : futures) {
        if (f.get() != 202) {
          throw new IllegalStateException("webhook answered " + f.get());
        }
      }
      pool.shutdown();
      long[] sorted = StormLatency.triageLatencies(bot, alerts, offset, sent);
      long end = System.nanoTime();
      return String.format(
          Locale.ROOT,
          "%s: n=%d  p50=%.0f ms  p99=%.0f ms  max=%.0f ms  (goal p99 < %d ms)  throughput=%.0f"
              + " alerts/s%n",
          label,
          sorted.length,
          StormLatency.percentile(sorted, 50),
          StormLatency.percentile(sorted, 99),
          sorted[sorted.length - 1] / 1e6,
          goalMs,
          alerts / ((end - start) / 1e9));
    }
  }

  private static void checkTimeout(AlertBot bot) {
    var t = bot.wiring.targets().all().get(0);
    if (!t.timeout().equals(Duration.ofMillis(500))) {
      throw new IllegalStateException("bench expects a " + TIMEOUT + " target timeout");
    }
  }

  /** Accepts connections and never answers: a Redis that hangs. */
  private static final class SilentServer implements AutoCloseable {
    private final ServerSocket socket;
    private final List<Socket> held = new ArrayList<>();
    private final Thread acceptor;

    SilentServer() throws IOException {
      socket = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());
      acceptor =
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
