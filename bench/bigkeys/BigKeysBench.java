import dev.incidentbot.chat.Actor;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.RunningJobs;
import dev.incidentbot.redis.NodeResolver;
import dev.incidentbot.redis.RedisNodes;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.redis.bigkeys.BigKeysCommand;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * The /redis bigkeys benchmark (not a test): its own redis-server on loopback with N keys of mixed
 * types, then alternately the bot's scan and redis-cli's for the same statistic (element count vs
 * --bigkeys, MEMORY USAGE with 5 samples vs --memkeys --memkeys-samples 5), while a probe thread
 * PINGs the server about every millisecond. redis-cli runs twice for each: Debian bookworm's 7.0
 * ({@code redis-cli} on the PATH) and Debian trixie's 8.0 (system property {@code bench.cli8}, the
 * {@code redis8-cli} wrapper scripts/install-engines writes), which also runs its {@code
 * --keystats} (both statistics in one scan). Prints wall times, their ratios and the probe's p99
 * and max for each run.
 */
public final class BigKeysBench {
  public static void main(String[] args) throws Exception {
    if (args[0].equals("probe")) {
      probe(Integer.parseInt(args[1]));
      return;
    }
    int keys = Integer.parseInt(args[0]);
    int rounds = Integer.parseInt(args[1]);
    String cli7 = "redis-cli";
    String cli8 = System.getProperty("bench.cli8", "");
    if (cli8.isBlank()) {
      throw new IllegalStateException("-Dbench.cli8=<redis8-cli> is missing (bench/bigkeys/run sets it)");
    }
    Path dir = Files.createTempDirectory("bench-bigkeys-");
    int port = freePort();
    Process server =
        new ProcessBuilder(
                "redis-server", "--bind", "127.0.0.1", "--port", "" + port, "--dir", dir.toString(),
                "--save", "", "--appendonly", "no", "--logfile", dir.resolve("redis.log").toString())
            .start();
    ExecutorService pool = Executors.newCachedThreadPool();
    try {
      awaitUp(port);
      long t0 = System.nanoTime();
      load(port, keys);
      System.out.printf(Locale.ROOT, "loaded %,d keys in %.1f s (redis-server 127.0.0.1:%d)%n",
          dbSize(port), (System.nanoTime() - t0) / 1e9, port);
      Target target = Target.standalone("bench", "redis://127.0.0.1:" + port)
          .withTimeout(java.time.Duration.ofSeconds(5));
      var command = new BigKeysCommand(new Targets(List.of(target)), new RedisNodes(),
          new NodeResolver(pool), new RunningJobs(), pool);
      System.out.println("tools: " + version(cli7, "--version") + " (bookworm), " + version(cli8, "--version")
          + " (trixie); server: " + version("redis-server", "--version"));
      System.out.println();
      System.out.println("run                                    wall s   probe p99 ms   probe max ms   samples");
      var ratios = new ArrayList<String>();
      for (int round = 1; round <= rounds; round++) {
        Run botCount = measure(port, "bot  /redis bigkeys by:count", () -> bot(command, "count"));
        Run cliBig = measure(port, "redis-cli 7.0 --bigkeys", () -> cli(cli7, port, "--bigkeys"));
        Run cli8Big = measure(port, "redis-cli 8.0 --bigkeys", () -> cli(cli8, port, "--bigkeys"));
        Run botMem = measure(port, "bot  /redis bigkeys by:memory", () -> bot(command, "memory"));
        Run cliMem = measure(port, "redis-cli 7.0 --memkeys (samples 5)",
            () -> cli(cli7, port, "--memkeys", "--memkeys-samples", "5"));
        Run cli8Mem = measure(port, "redis-cli 8.0 --memkeys (samples 5)",
            () -> cli(cli8, port, "--memkeys", "--memkeys-samples", "5"));
        Run cli8Stats = measure(port, "redis-cli 8.0 --keystats (samples 5)",
            () -> cli(cli8, port, "--keystats", "--keystats-samples", "5"));
        ratios.add(String.format(Locale.ROOT,
            "round %d: by:count %.1fx faster than 7.0's --bigkeys, %.1fx than 8.0's;"
                + " by:memory %.1fx faster than 7.0's --memkeys, %.1fx than 8.0's, %.1fx than 8.0's --keystats"
                + " (by:count + by:memory %.1fx)",
            round, cliBig.seconds / botCount.seconds, cli8Big.seconds / botCount.seconds,
            cliMem.seconds / botMem.seconds, cli8Mem.seconds / botMem.seconds,
            cli8Stats.seconds / botMem.seconds, cli8Stats.seconds / (botCount.seconds + botMem.seconds)));
      }
      System.out.println();
      ratios.forEach(System.out::println);
    } finally {
      pool.shutdownNow();
      server.destroyForcibly();
      server.waitFor(5, TimeUnit.SECONDS);
    }
  }

  record Run(double seconds, double p99, double max, int samples) {}

  interface Work {
    void run() throws Exception;
  }

  /**
   * Runs {@code work} while a probe in a separate JVM PINGs the server about every millisecond, so
   * the probe measures the server's responsiveness, not this JVM's garbage collector.
   */
  private static Run measure(int port, String label, Work work) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String source = "bench/bigkeys/BigKeysBench.java"; // run from the project root (see run)
    Process probe = new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
            "-cp", System.getProperty("java.class.path"), source, "probe", "" + port)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    var out = new java.io.BufferedReader(new java.io.InputStreamReader(probe.getInputStream()));
    if (!"ready".equals(out.readLine())) {
      throw new IllegalStateException("the probe did not start");
    }
    Thread.sleep(300);
    long t0 = System.nanoTime();
    work.run();
    double seconds = (System.nanoTime() - t0) / 1e9;
    probe.getOutputStream().close(); // tells the probe to stop and report
    double[] sorted = out.lines().mapToDouble(Double::parseDouble).sorted().toArray();
    probe.waitFor();
    double p99 = sorted[(int) Math.ceil(0.99 * sorted.length) - 1];
    Run run = new Run(seconds, p99, sorted[sorted.length - 1], sorted.length);
    System.out.printf(Locale.ROOT, "%-38s %7.2f   %12.2f   %12.2f   %7d%n",
        label, run.seconds, run.p99, run.max, run.samples);
    return run;
  }

  /** The probe process: PING about every millisecond until stdin closes, then print each ms. */
  private static void probe(int port) throws Exception {
    var stop = new AtomicBoolean();
    Thread watcher = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // wait for end of input
        }
      } catch (IOException ignored) {
        // treat as end of input
      }
      stop.set(true);
    });
    watcher.setDaemon(true);
    var samples = new double[2_000_000];
    int n = 0;
    try (Jedis j = new Jedis("127.0.0.1", port, 10_000)) {
      for (int i = 0; i < 2000; i++) {
        j.ping(); // warm up before measuring
      }
      System.out.println("ready");
      System.out.flush();
      watcher.start();
      while (!stop.get() && n < samples.length) {
        long t = System.nanoTime();
        j.ping();
        samples[n++] = (System.nanoTime() - t) / 1e6;
        Thread.sleep(1);
      }
    }
    var sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(samples[i]).append('\n');
    }
    System.out.print(sb);
    System.out.flush();
  }

  private static void bot(BigKeysCommand command, String by) {
    var request = new Request("redis bigkeys", Map.of("by", by),
        Actor.person("bench", "bench", Set.of("viewer")), Place.CONSOLE, Instant.now());
    Reply reply = command.handle(request, Progress.NONE);
    if (!reply.title().contains("keys scanned") || reply.title().contains("incomplete")) {
      throw new IllegalStateException("unexpected reply: " + reply.title() + " " + reply.text());
    }
  }

  private static void cli(String binary, int port, String... mode)
      throws IOException, InterruptedException {
    var cmd = new ArrayList<>(List.of(binary, "-h", "127.0.0.1", "-p", "" + port));
    cmd.addAll(Arrays.asList(mode));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException(binary + " " + String.join(" ", mode) + " failed");
    }
  }

  private static String version(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    p.waitFor();
    return out.replaceAll(" sha=.*", "");
  }

  /** Mixed types: 60 % strings, 12 % hashes, 10 % lists, 10 % sets, 6 % zsets, 2 % streams. */
  private static void load(int port, int keys) {
    var random = new Random(42);
    try (Jedis j = new Jedis("127.0.0.1", port, 60_000)) {
      Pipeline p = j.pipelined();
      for (int i = 0; i < keys; i++) {
        int kind = random.nextInt(100);
        int n = 1 + random.nextInt(random.nextInt(20) == 0 ? 200 : 12);
        if (kind < 60) {
          p.set("str:" + i, "v".repeat(8 + random.nextInt(random.nextInt(50) == 0 ? 4000 : 120)));
        } else if (kind < 72) {
          var fields = new java.util.HashMap<String, String>();
          for (int f = 0; f < n; f++) {
            fields.put("f" + f, "value" + f);
          }
          p.hset("hash:" + i, fields);
        } else if (kind < 82) {
          p.rpush("list:" + i, items(n));
        } else if (kind < 92) {
          p.sadd("set:" + i, items(n));
        } else if (kind < 98) {
          var members = new java.util.HashMap<String, Double>();
          for (int m = 0; m < n; m++) {
            members.put("m" + m, (double) m);
          }
          p.zadd("zset:" + i, members);
        } else {
          for (int e = 0; e < Math.min(n, 5); e++) {
            p.xadd("stream:" + i, redis.clients.jedis.StreamEntryID.NEW_ENTRY, Map.of("e", "" + e));
          }
        }
        if (i % 10_000 == 9_999) {
          p.sync();
        }
      }
      p.sync();
      // a few really big ones, the kind the scan exists to find
      for (int b = 0; b < 3; b++) {
        for (int chunk = 0; chunk < 20; chunk++) {
          p.rpush("big:list:" + b, items(5_000));
          p.sadd("big:set:" + b, itemsFrom(chunk * 5_000, 5_000));
        }
        p.sync();
      }
    }
  }

  private static String[] items(int n) {
    return itemsFrom(0, n);
  }

  private static String[] itemsFrom(int from, int n) {
    String[] out = new String[n];
    for (int i = 0; i < n; i++) {
      out[i] = "item" + (from + i);
    }
    return out;
  }

  private static long dbSize(int port) {
    try (Jedis j = new Jedis("127.0.0.1", port)) {
      return j.dbSize();
    }
  }

  private static void awaitUp(int port) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      try (Jedis j = new Jedis("127.0.0.1", port, 500)) {
        j.ping();
        return;
      } catch (RuntimeException notYet) {
        Thread.sleep(25);
      }
    }
    throw new IllegalStateException("redis-server did not start");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
