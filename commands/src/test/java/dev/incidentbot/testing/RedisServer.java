package dev.incidentbot.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import redis.clients.jedis.Jedis;

/**
 * A real {@code redis-server} process on 127.0.0.1 and a free port, in its own temporary directory.
 * Started with persistence off and DEBUG allowed from loopback, so tests can drive every failure
 * scenario for real. Close (or {@link #kill}) it when done. Which server it is (Redis 7.0, Redis
 * 8.0 or Valkey 8.1) follows {@code -Dredis.engine}: see {@link Engine}.
 */
public final class RedisServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

  private final Path dir;
  private final int port;
  private final List<String> args;
  private boolean ownsDir;
  private Process process;

  private RedisServer(Path dir, int port, List<String> args) {
    this.dir = dir;
    this.port = port;
    this.args = args;
  }

  /** Starts a server with the default test settings plus {@code extraArgs} (redis.conf style). */
  public static RedisServer start(String... extraArgs) {
    try {
      RedisServer server = start(Files.createTempDirectory("redis-test-"), freePort(), extraArgs);
      server.ownsDir = true;
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts a server in {@code dir} on {@code port}, e.g. to restart on the same data. */
  public static RedisServer start(Path dir, int port, String... extraArgs) {
    var args =
        new ArrayList<>(
            List.of(
                binary("redis-server"),
                "--bind",
                "127.0.0.1",
                "--port",
                String.valueOf(port),
                "--dir",
                dir.toString(),
                "--save",
                "",
                "--appendonly",
                "no",
                "--enable-debug-command",
                "local",
                "--enable-protected-configs",
                "local",
                "--daemonize",
                "no",
                "--loglevel",
                "warning",
                "--logfile",
                dir.resolve("redis.log").toString()));
    for (String a : extraArgs) {
      args.add(a);
    }
    var server = new RedisServer(dir, port, args);
    server.launch();
    return server;
  }

  private void launch() {
    try {
      process =
          new ProcessBuilder(args)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("stdout.log").toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + engine() + " " + args.get(0), e);
    }
    try {
      Awaitility.await(engine() + " server answering")
          .atMost(START_TIMEOUT)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(20))
          .until(this::answersAtStart);
    } catch (ConditionTimeoutException e) {
      kill();
      throw new IllegalStateException(
          engine() + " server did not answer within " + START_TIMEOUT + ": " + log());
    }
  }

  /** Whether the starting server answers yet; fails at once when its process has exited. */
  private boolean answersAtStart() {
    if (!process.isAlive()) {
      throw new IllegalStateException(engine() + " server exited at start: " + log());
    }
    return answersWithin(Duration.ofMillis(500));
  }

  /** Whether a PING on a new connection gets an answer (PONG, or NOAUTH) within {@code timeout}. */
  private boolean answersWithin(Duration timeout) {
    try (Jedis j = new Jedis("127.0.0.1", port, (int) timeout.toMillis())) {
      return "PONG".equals(j.ping());
    } catch (redis.clients.jedis.exceptions.JedisDataException answered) {
      return true; // it answers, if only to say NOAUTH
    } catch (RuntimeException none) {
      return false; // not listening, or holding every command
    }
  }

  /**
   * Waits up to 10 s until the server holds every command, as under a DEBUG SLEEP or CLIENT PAUSE:
   * a PING gets no answer within 50 ms.
   */
  public void awaitStalled() {
    awaitStalled(Duration.ofMillis(50));
  }

  /**
   * Waits up to 10 s until a PING gets no answer within {@code unanswered}: longer is surer on a
   * loaded machine (a healthy server's PING can take 50 ms there), shorter leaves more of a
   * caller's own deadline.
   */
  public void awaitStalled(Duration unanswered) {
    Awaitility.await("127.0.0.1:" + port + " stalled")
        .atMost(Duration.ofSeconds(10))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(10))
        .until(() -> !answersWithin(unanswered));
  }

  /**
   * Waits up to 10 s until the server answers PING again, as after a DEBUG SLEEP or CLIENT PAUSE.
   */
  public void awaitAnswering() {
    Awaitility.await("127.0.0.1:" + port + " answering")
        .atMost(Duration.ofSeconds(10))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> answersWithin(Duration.ofSeconds(2)));
  }

  /**
   * Starts {@code redis-sentinel} on a free loopback port, monitoring {@code masterName} at {@code
   * 127.0.0.1:masterPort} with quorum 1 and a 1 s down-after, from a config file in its own
   * writable temporary directory (Sentinel rewrites it).
   */
  public static RedisServer sentinel(String masterName, int masterPort) {
    return sentinel(masterName, masterPort, new String[0]);
  }

  /** Like {@link #sentinel(String, int)}, with more sentinel.conf lines ("requirepass x"). */
  public static RedisServer sentinel(String masterName, int masterPort, String... extraLines) {
    try {
      Path dir = Files.createTempDirectory("sentinel-test-");
      int port = freePort();
      Path conf = dir.resolve("sentinel.conf");
      Files.writeString(
          conf,
          String.join(
              "\n",
              "port " + port,
              "bind 127.0.0.1",
              "daemonize no",
              "dir " + dir,
              "logfile " + dir.resolve("redis.log"),
              "sentinel resolve-hostnames no",
              "sentinel announce-ip 127.0.0.1",
              "sentinel monitor " + masterName + " 127.0.0.1 " + masterPort + " 1",
              "sentinel down-after-milliseconds " + masterName + " 1000",
              "sentinel failover-timeout " + masterName + " 5000",
              String.join("\n", extraLines),
              ""));
      var server = new RedisServer(dir, port, List.of(binary("redis-sentinel"), conf.toString()));
      server.ownsDir = true;
      server.launch();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts a process that is expected to fail (a corrupted AOF, say) and returns its log. */
  public static String startExpectingFailure(Path dir, String... extraArgs) throws Exception {
    var args =
        new ArrayList<>(
            List.of(
                binary("redis-server"),
                "--bind",
                "127.0.0.1",
                "--port",
                String.valueOf(freePort()),
                "--dir",
                dir.toString(),
                "--daemonize",
                "no"));
    args.addAll(List.of(extraArgs));
    Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("redis-server kept running");
    }
    return new String(p.getInputStream().readAllBytes());
  }

  public int port() {
    return port;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public Path dir() {
    return dir;
  }

  /** A fresh client connection; the caller closes it. */
  public Jedis client() {
    return new Jedis("127.0.0.1", port, 5000);
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Kills the process at once (SIGKILL), as a crash or an OOM kill would. */
  public void kill() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Starts the same server again (same port, directory and arguments) after {@link #kill}. */
  public void restart() {
    kill();
    launch();
  }

  public String log() {
    try {
      Path log = dir.resolve("redis.log");
      return Files.exists(log)
          ? Files.readString(log)
          : Files.readString(dir.resolve("stdout.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /**
   * Makes this server's background saves fail, as a full or vanished disk does (writes then answer
   * MISCONF when the server runs with {@code --save}): removes its directory under it, writes a key
   * and BGSAVEs; returns once INFO persistence reports the failed save (within 20 s).
   */
  public void failBackgroundSaves() throws IOException, InterruptedException {
    Path doomed = dir.resolve("doomed");
    Files.createDirectories(doomed);
    try (Jedis j = client()) {
      j.configSet("dir", doomed.toString());
      Files.delete(doomed);
      j.set("k", "v");
      j.bgsave();
      Awaitility.await("the background save to fail")
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> j.info("persistence").contains("rdb_last_bgsave_status:err"));
    }
  }

  /**
   * Waits up to 20 s until this server, a master, lists a replica as online (its link up and the
   * first sync done).
   */
  public void awaitReplicaOnline() {
    awaitInfo("replication", "state=online", "a replica online");
  }

  /** Waits up to 20 s until this server, a replica, has its link to its master up. */
  public void awaitLinkUp() {
    awaitInfo("replication", "master_link_status:up", "the link to its master up");
  }

  private void awaitInfo(String section, String text, String what) {
    try (Jedis j = client()) {
      Awaitility.await("127.0.0.1:" + port + ": " + what)
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> j.info(section).contains(text));
    }
  }

  /** Kills the process and, when this class made its temporary directory, removes it. */
  @Override
  public void close() {
    kill();
    if (ownsDir) {
      deleteTree(dir);
    }
  }

  private static void deleteTree(Path root) {
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException gone) {
      // best effort: a leftover temporary directory is harmless
    }
  }

  /**
   * A port below 30000 that is free together with its cluster bus port (port + 10000), which a port
   * from the ephemeral range cannot guarantee.
   */
  public static int freeClusterPort() {
    var random = java.util.concurrent.ThreadLocalRandom.current();
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = random.nextInt(20_000, 30_000);
      if (bindable(port) && bindable(port + 10_000)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port pair for a cluster node");
  }

  private static boolean bindable(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A port nothing listens on right now. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The path of {@code name} ({@code redis-server}, {@code redis-sentinel} or {@code redis-cli})
   * for the {@link #engine()} of this run, or a failure that says how to install it.
   */
  public static String binary(String name) {
    return engine().binary(name);
  }

  /**
   * The engine every fixture starts in this run ({@code -Dredis.engine=redis7|redis8|valkey8},
   * default redis7), for tests that must skip a state the engine does not have.
   */
  public static Engine engine() {
    return Engine.current();
  }
}
