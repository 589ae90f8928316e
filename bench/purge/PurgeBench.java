import dev.incidentbot.chat.Actor;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Request;
import dev.incidentbot.recovery.Outcome;
import dev.incidentbot.recovery.Plan;
import dev.incidentbot.recovery.action.PurgeKeysAction;
import dev.incidentbot.recovery.action.TargetConnector;
import dev.incidentbot.redis.RedisNodes;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import redis.clients.jedis.Jedis;

/**
 * The purge benchmark (run through bench/purge/run). Starts its own redis-server on loopback, and
 * for each round and each method: loads 1,000,000 keys (500,000 cache:*), starts a probe that
 * PINGs back to back on its own connection, purges cache:* with the method, checks that exactly
 * the 500,000 cache keys are gone, and records wall time and the probe's latencies. The methods
 * alternate (their order rotates every round). Not a test: it prints figures.
 */
public final class PurgeBench {
  static final int CACHE_KEYS = 500_000;
  static final int OTHER_KEYS = 500_000;

  static final String LUA_CHUNKED =
      "local keys = redis.call('KEYS', ARGV[1]) local n = 0 "
          + "for i = 1, #keys, 5000 do "
          + "n = n + redis.call('DEL', unpack(keys, i, math.min(i + 4999, #keys))) end "
          + "return n";

  static final redis.clients.jedis.commands.ProtocolCommand DEBUG =
      () -> redis.clients.jedis.util.SafeEncoder.encode("DEBUG");

  record Run(String method, double wallMs, double p99Ms, double maxMs, long pings, String server) {}

  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("probe")) {
      probe(Integer.parseInt(args[1]));
      return;
    }
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    Path dir = Files.createTempDirectory("purge-bench-");
    int port = freePort();
    Process server =
        new ProcessBuilder(
                "redis-server", "--bind", "127.0.0.1", "--port", String.valueOf(port),
                "--dir", dir.toString(), "--save", "", "--appendonly", "no",
                "--enable-debug-command", "local", "--logfile", dir.resolve("redis.log").toString())
            .inheritIO()
            .start();
    try {
      awaitUp(port);
      String version;
      try (Jedis j = client(port, 60_000)) {
        version = j.info("server").lines().filter(l -> l.startsWith("redis_version:")).findFirst().orElse("?").strip();
      }
      System.out.printf(
          Locale.ROOT,
          "purge benchmark: %,d keys (%,d cache:*), %d rounds, %s, %s, %d CPUs, load average %s%n",
          CACHE_KEYS + OTHER_KEYS, CACHE_KEYS, rounds, version,
          System.getProperty("os.name") + " " + System.getProperty("os.arch"),
          Runtime.getRuntime().availableProcessors(),
          loadAverage());
      List<String> methods = args.length > 1 ? List.of(args[1].split(",")) : List.of("bot", "xargs", "lua");
      var runs = new ArrayList<Run>();
      for (int r = 0; r < rounds; r++) {
        for (int m = 0; m < methods.size(); m++) {
          String method = methods.get((m + r) % methods.size());
          load(port);
          Run run = measure(port, method);
          runs.add(run);
          System.out.printf(
              Locale.ROOT,
              "round %d %-6s wall %8.0f ms   probe p99 %7.2f ms  max %8.2f ms  (%,d pings)   server: %s%n",
              r + 1, method, run.wallMs(), run.p99Ms(), run.maxMs(), run.pings(), run.server());
        }
      }
      report(methods, runs);
    } finally {
      server.destroyForcibly();
      server.waitFor(5, TimeUnit.SECONDS);
    }
  }

  static void load(int port) {
    try (Jedis j = client(port, 120_000)) {
      j.flushAll();
      j.sendCommand(DEBUG, "POPULATE", String.valueOf(CACHE_KEYS), "cache", "64");
      j.sendCommand(DEBUG, "POPULATE", String.valueOf(OTHER_KEYS), "user", "64");
      if (j.dbSize() != CACHE_KEYS + OTHER_KEYS) {
        throw new IllegalStateException("loaded " + j.dbSize() + " keys");
      }
    }
  }

  static Run measure(int port, String method) throws Exception {
    Process probe =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"),
                "bench/purge/PurgeBench.java", "probe", String.valueOf(port))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    var fromProbe = new java.io.BufferedReader(new java.io.InputStreamReader(probe.getInputStream()));
    var toProbe = new java.io.PrintStream(probe.getOutputStream(), true);
    if (!"ready".equals(fromProbe.readLine())) {
      throw new IllegalStateException("the probe did not start");
    }
    try (Jedis j = client(port, 60_000)) {
      j.configSet("slowlog-log-slower-than", "1000");
      j.configSet("slowlog-max-len", "100000");
      j.slowlogReset();
    }
    Plan plan = method.equals("bot") ? botPlan(port) : null;
    toProbe.println("start");
    long t0 = System.nanoTime();
    switch (method) {
      case "bot" -> bot(port, plan);
      case "xargs" -> xargs(port);
      case "lua" -> lua(port);
      default -> throw new IllegalArgumentException(method);
    }
    double wallMs = (System.nanoTime() - t0) / 1e6;
    toProbe.close();
    String[] result = fromProbe.readLine().split(" ");
    probe.waitFor();
    check(port, method);
    String server;
    try (Jedis j = client(port, 60_000)) {
      var slow = j.slowlogGet(100000);
      long worst = slow.stream().mapToLong(e -> e.getExecutionTime()).max().orElse(0);
      server = String.format(Locale.ROOT, "%d commands over 1 ms, slowest %.2f ms", slow.size(), worst / 1000.0);
      if (System.getenv("BENCH_VERBOSE") != null) {
        slow.stream().sorted((a, b) -> Long.compare(b.getExecutionTime(), a.getExecutionTime())).limit(8)
            .forEach(e -> System.out.println("    " + e.getExecutionTime() + " us " + String.join(" ", e.getArgs().stream().limit(3).toList())));
      }
    }
    return new Run(
        method, wallMs, Double.parseDouble(result[0]), Double.parseDouble(result[1]),
        Long.parseLong(result[2]), server);
  }

  /**
   * The probe, in its own JVM so that the purging client's garbage collection cannot stall it:
   * PINGs back to back on one connection from "start" on stdin until stdin closes, then prints
   * "p99_ms max_ms count".
   */
  static void probe(int port) throws Exception {
    var in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in));
    var latencies = new long[50_000_000];
    var count = new java.util.concurrent.atomic.AtomicInteger();
    var from = new java.util.concurrent.atomic.AtomicInteger(-1);
    var done = new AtomicBoolean();
    Thread reader =
        new Thread(
            () -> {
              try {
                String line;
                while ((line = in.readLine()) != null) {
                  if (line.equals("start")) {
                    from.set(count.get());
                  }
                }
              } catch (IOException ignored) {
                // end of input
              }
              done.set(true);
            });
    try (Jedis p = client(port, 60_000)) {
      p.ping();
      System.out.println("ready");
      System.out.flush();
      reader.start();
      while (!done.get()) {
        long t0 = System.nanoTime();
        p.ping();
        int i = count.get();
        if (i < latencies.length) {
          latencies[i] = System.nanoTime() - t0;
          count.set(i + 1);
        }
      }
    }
    int start = Math.max(0, from.get());
    long[] during = Arrays.copyOfRange(latencies, start, count.get());
    Arrays.sort(during);
    double p99 = during.length == 0 ? 0 : during[(int) Math.max(0, Math.ceil(during.length * 0.99) - 1)] / 1e6;
    double max = during.length == 0 ? 0 : during[during.length - 1] / 1e6;
    System.out.printf(Locale.ROOT, "%.3f %.3f %d%n", p99, max, during.length);
  }

  /** The bot's own purge action, planned (the dry run before the confirmation, not timed). */
  static Plan botPlan(int port) {
    Target target = Target.standalone("bench", "redis://127.0.0.1:" + port).withTimeout(Duration.ofSeconds(2));
    var action = new PurgeKeysAction(new TargetConnector(
        new Targets(List.of(target)), new RedisNodes(),
        new dev.incidentbot.redis.NodeResolver(java.util.concurrent.ForkJoinPool.commonPool())));
    Map<String, String> options = new LinkedHashMap<>();
    options.put("pattern", "cache:*");
    return action.plan(
            new Request(
                "redis purge", options, Actor.person("bench", "bench", Set.of("operator")),
                Place.CONSOLE, Instant.now()));
  }

  /** The bot's own purge action executed as after a Confirm, evidence and all. */
  static void bot(int port, Plan plan) {
    Target target = Target.standalone("bench", "redis://127.0.0.1:" + port);
    var action = new PurgeKeysAction(new TargetConnector(
        new Targets(List.of(target)), new RedisNodes(),
        new dev.incidentbot.redis.NodeResolver(java.util.concurrent.ForkJoinPool.commonPool())));
    Outcome outcome = action.execute(plan, Progress.NONE);
    if (!outcome.succeeded()) {
      throw new IllegalStateException("bot purge failed: " + outcome.headline());
    }
  }

  static void xargs(int port) throws Exception {
    String p = String.valueOf(port);
    Process sh =
        new ProcessBuilder(
                "bash", "-c",
                "redis-cli -p " + p + " --scan --pattern 'cache:*' | xargs -n 1000 redis-cli -p " + p + " DEL > /dev/null")
            .inheritIO()
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (sh.waitFor() != 0) {
      throw new IllegalStateException("xargs pipeline exited " + sh.exitValue());
    }
  }

  static void lua(int port) {
    try (Jedis j = client(port, 120_000)) {
      j.eval(LUA_CHUNKED, 0, "cache:*");
    }
  }

  static void check(int port, String method) {
    try (Jedis j = client(port, 60_000)) {
      if (j.dbSize() != OTHER_KEYS || j.exists("cache:0") || !j.exists("user:0")) {
        throw new IllegalStateException(method + " left " + j.dbSize() + " keys; expected " + OTHER_KEYS);
      }
    }
  }

  static void report(List<String> methods, List<Run> runs) {
    Map<String, double[]> median = new LinkedHashMap<>();
    for (String m : methods) {
      List<Run> mine = runs.stream().filter(r -> r.method().equals(m)).toList();
      median.put(
          m,
          new double[] {
            median(mine.stream().mapToDouble(Run::wallMs).toArray()),
            median(mine.stream().mapToDouble(Run::p99Ms).toArray()),
            mine.stream().mapToDouble(Run::maxMs).max().orElse(0)
          });
    }
    if (!median.containsKey("xargs") || !median.containsKey("bot")) {
      return;
    }
    double xargs = median.get("xargs")[0];
    System.out.println();
    System.out.printf(Locale.ROOT, "load average now %s%n", loadAverage());
    System.out.println("method  median wall   vs xargs   probe p99 (median)   probe max (worst)");
    median.forEach(
        (m, v) ->
            System.out.printf(
                Locale.ROOT, "%-6s  %8.0f ms   %6.2fx   %10.2f ms        %10.2f ms%n",
                m, v[0], xargs / v[0], v[1], v[2]));
    double[] bot = median.get("bot");
    System.out.printf(
        Locale.ROOT,
        "%ntargets for the bot: ≥ 2.5x faster than xargs: %s (%.2fx) · probe p99 < 5 ms: %s · max < 20 ms: %s%n",
        xargs / bot[0] >= 2.5 ? "met" : "MISSED", xargs / bot[0],
        bot[1] < 5 ? "met" : "MISSED", bot[2] < 20 ? "met" : "MISSED");
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "unknown";
    }
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  static Jedis client(int port, int timeoutMillis) {
    return new Jedis(
        new redis.clients.jedis.HostAndPort("127.0.0.1", port),
        redis.clients.jedis.DefaultJedisClientConfig.builder()
            .timeoutMillis(timeoutMillis)
            .resp2()
            .build());
  }

  static void awaitUp(int port) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      try (Jedis j = client(port, 500)) {
        if ("PONG".equals(j.ping())) {
          return;
        }
      } catch (RuntimeException notYet) {
        Thread.sleep(25);
      }
    }
    throw new IllegalStateException("redis-server did not start on port " + port);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
