import dev.incidentbot.chat.Actor;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.redis.health.HealthCheck;
import dev.incidentbot.redis.health.HealthCommand;
import dev.incidentbot.redis.RedisNodes;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import redis.clients.jedis.Jedis;

/**
 * The health benchmark (run through bench/health/run). Starts its own redis-servers on loopback
 * and, in one run, times /redis health against what a user reaches for instead:
 *
 * <ul>
 *   <li>one healthy target: the bot's answer against {@code redis-cli --latency -i 1} for one
 *       report (a second);
 *   <li>the same target under a stall loop (a client running {@code DEBUG SLEEP 0.05} back to
 *       back): the time to answer and what each says;
 *   <li>20 targets, 5 of them hung ({@code SIGSTOP}): the bot's all-targets health against a
 *       shell loop of {@code timeout 2 redis-cli ping} over the 20.
 * </ul>
 *
 * Rounds alternate; p50 and p99 over the rounds are printed with the ratio. Not a test.
 */
public final class HealthBench {
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    List<Server> servers = new ArrayList<>();
    ExecutorService pool = Executors.newCachedThreadPool();
    try {
      for (int i = 0; i < 20; i++) {
        servers.add(Server.start());
      }
      Server main = servers.get(0);
      System.out.printf(
          Locale.ROOT,
          "health benchmark: %d rounds, %s, %d CPUs, load average %s%n",
          rounds,
          main.version(),
          Runtime.getRuntime().availableProcessors(),
          loadAverage());
      var check = new HealthCheck(new RedisNodes(), pool);
      var one = new HealthCommand(new Targets(List.of(main.target("main"))), check);

      var botHealthy = new ArrayList<Double>();
      var cliHealthy = new ArrayList<Double>();
      String botSaid = "";
      String cliSaid = "";
      for (int r = 0; r < rounds; r++) {
        long t0 = System.nanoTime();
        botSaid = title(one.handle(request("main"), Progress.NONE));
        botHealthy.add(ms(t0));
        t0 = System.nanoTime();
        cliSaid = latencyReport(main.port);
        cliHealthy.add(ms(t0));
      }
      report("one healthy target", botHealthy, cliHealthy, botSaid, cliSaid);

      var stop = new AtomicBoolean();
      Thread stall =
          new Thread(
              () -> {
                try (Jedis j = new Jedis("127.0.0.1", main.port, 10_000)) {
                  while (!stop.get()) {
                    j.sendCommand(() -> "DEBUG".getBytes(StandardCharsets.UTF_8), "SLEEP", "0.05");
                  }
                }
              });
      stall.start();
      Thread.sleep(300);
      var botStalled = new ArrayList<Double>();
      var cliStalled = new ArrayList<Double>();
      for (int r = 0; r < rounds; r++) {
        long t0 = System.nanoTime();
        botSaid = title(one.handle(request("main"), Progress.NONE));
        botStalled.add(ms(t0));
        t0 = System.nanoTime();
        cliSaid = latencyReport(main.port);
        cliStalled.add(ms(t0));
      }
      stop.set(true);
      stall.join();
      report("under a DEBUG SLEEP 0.05 loop", botStalled, cliStalled, botSaid, cliSaid);

      for (int i = 15; i < 20; i++) {
        servers.get(i).signal("STOP");
      }
      var all = new ArrayList<Target>();
      for (int i = 0; i < servers.size(); i++) {
        all.add(servers.get(i).target("t" + i));
      }
      var fleet = new HealthCommand(new Targets(all), check);
      var botFleet = new ArrayList<Double>();
      var loopFleet = new ArrayList<Double>();
      String loopSaid = "";
      for (int r = 0; r < Math.max(2, rounds / 3); r++) {
        long t0 = System.nanoTime();
        botSaid = title(fleet.handle(request(null), Progress.NONE));
        botFleet.add(ms(t0));
        t0 = System.nanoTime();
        loopSaid = pingLoop(servers);
        loopFleet.add(ms(t0));
      }
      report("20 targets, 5 hung (SIGSTOP)", botFleet, loopFleet, botSaid, loopSaid);
      for (int i = 15; i < 20; i++) {
        servers.get(i).signal("CONT");
      }
    } finally {
      pool.shutdownNow();
      for (Server s : servers) {
        s.close();
      }
    }
  }

  private static Request request(String target) {
    Map<String, String> options = target == null ? Map.of() : Map.of("target", target);
    return new Request(
        "redis health",
        options,
        Actor.person("bench", "bench", Set.of("viewer")),
        Place.CONSOLE,
        Instant.now());
  }

  private static String title(Reply reply) {
    return reply.title();
  }

  /** One report of {@code redis-cli --latency -i 1}: what a person reads after one second. */
  private static String latencyReport(int port) throws Exception {
    Process p =
        new ProcessBuilder(
                "timeout", "-s", "INT", "1.2", "redis-cli", "-p", String.valueOf(port),
                "--latency", "-i", "1", "--raw")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return out.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("(nothing)").strip();
  }

  /**
   * The runbook's loop: {@code for p in …; do timeout 2 redis-cli -p $p ping; done}. redis-cli's
   * own {@code -t} bounds only the connect, which a hung server still accepts.
   */
  private static String pingLoop(List<Server> servers) throws Exception {
    int pong = 0;
    for (Server s : servers) {
      Process p =
          new ProcessBuilder("timeout", "2", "redis-cli", "-p", String.valueOf(s.port), "ping")
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      if (out.strip().equals("PONG")) {
        pong++;
      }
    }
    return pong + " of " + servers.size() + " answered PONG";
  }

  private static void report(
      String what, List<Double> bot, List<Double> other, String botSaid, String otherSaid) {
    double b50 = percentile(bot, 50);
    double b99 = percentile(bot, 99);
    double o50 = percentile(other, 50);
    double o99 = percentile(other, 99);
    System.out.printf(
        Locale.ROOT,
        "%n%s (%d runs)%n  bot /redis health   p50 %8.1f ms  p99 %8.1f ms   says: %s%n"
            + "  what a user runs    p50 %8.1f ms  p99 %8.1f ms   says: %s%n"
            + "  ratio (user / bot, p50): %.1fx%n",
        what, bot.size(), b50, b99, botSaid, o50, o99, otherSaid, o50 / b50);
  }

  private static double percentile(List<Double> values, int p) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static double ms(long t0) {
    return (System.nanoTime() - t0) / 1e6;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "?";
    }
  }

  /** A redis-server on a free loopback port in its own temporary directory. */
  private record Server(Process process, int port, Path dir) implements AutoCloseable {
    static Server start() throws Exception {
      Path dir = Files.createTempDirectory("health-bench-");
      int port;
      try (var socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      Process p =
          new ProcessBuilder(
                  "redis-server", "--bind", "127.0.0.1", "--port", String.valueOf(port),
                  "--dir", dir.toString(), "--save", "", "--appendonly", "no",
                  "--enable-debug-command", "local", "--logfile", dir.resolve("redis.log").toString())
              .start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (true) {
        try (Jedis j = new Jedis("127.0.0.1", port, 500)) {
          j.ping();
          return new Server(p, port, dir);
        } catch (RuntimeException notYet) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("redis-server did not start on " + port);
          }
          Thread.sleep(50);
        }
      }
    }

    Target target(String name) {
      return Target.standalone(name, "redis://127.0.0.1:" + port);
    }

    String version() {
      try (Jedis j = new Jedis("127.0.0.1", port, 2000)) {
        return Arrays.stream(j.info("server").split("\r?\n"))
            .filter(l -> l.startsWith("redis_version:"))
            .findFirst()
            .orElse("?")
            .strip();
      }
    }

    void signal(String name) throws Exception {
      new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).start().waitFor();
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }
}
