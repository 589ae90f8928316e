package dev.incidentbot.redis.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentbot.redis.RedisNodes;
import dev.incidentbot.redis.RedisProblem;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Thresholds;
import dev.incidentbot.testing.RedisExtension;
import dev.incidentbot.testing.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

@Tag("engines")
@DisplayName("Health check against real redis-server processes, one per scenario")
class HealthCheckTest {
  @RegisterExtension static final RedisExtension servers = new RedisExtension();

  private static final ExecutorService pool = Executors.newCachedThreadPool();
  private final HealthCheck check = new HealthCheck(new RedisNodes(), pool);

  @AfterAll
  static void stopPool() {
    pool.shutdownNow();
  }

  private static Target target(RedisServer server) {
    return Target.standalone("cache", server.url());
  }

  @Test
  @DisplayName("a healthy server: scenario healthy, PING measured, memory and clients reported")
  void healthy() {
    HealthReport report = check.check(target(servers.server()));

    assertThat(report.scenario()).isEqualTo(Scenario.HEALTHY);
    assertThat(report.problem()).isEmpty();
    assertThat(report.ping()).isPresent();
    assertThat(report.finding("memory")).isPresent();
    assertThat(report.finding("clients").orElseThrow().measured()).contains("connected");
    assertThat(report.info().text("redis_version", ""))
        .startsWith(RedisServer.engine().reportedRedisVersionPrefix());
  }

  @Test
  @DisplayName("a server that never saved says so, not 'last save 2 s ago' (its start time)")
  void neverSaved() {
    RedisServer fresh = servers.extra();

    HealthReport before = check.check(target(fresh));
    try (var j = fresh.client()) {
      j.set("k", "v");
      j.save();
    }
    HealthReport after = check.check(target(fresh));

    assertThat(before.finding("persistence").orElseThrow().measured())
        .contains("never saved since it started")
        .doesNotContain("last save");
    assertThat(after.finding("persistence").orElseThrow().measured())
        .containsPattern("last save \\d+ (ms|s) ago");
  }

  @Test
  @DisplayName("a killed server: A: Redis unreachable, connection refused, well under 3 s")
  void killed() {
    RedisServer server = servers.extra();
    server.kill();

    long start = System.nanoTime();
    HealthReport report = check.check(target(server));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(report.scenario()).isEqualTo(Scenario.UNREACHABLE);
    assertThat(report.scenario().label()).isEqualTo("A: Redis unreachable");
    assertThat(report.problem().orElseThrow().kind()).isEqualTo(RedisProblem.Kind.REFUSED);
    assertThat(report.problem().get().message())
        .contains("cache (127.0.0.1:" + server.port() + ")")
        .contains("refused the connection");
    assertThat(took).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  @DisplayName("maxmemory reached with noeviction: B: out of memory, memory finding critical")
  void outOfMemory() {
    RedisServer server = servers.extra("--maxmemory", "2mb", "--maxmemory-policy", "noeviction");
    try (Jedis j = server.client()) {
      String value = "x".repeat(50_000);
      assertThatThrownBy(
              () -> {
                for (int i = 0; i < 1000; i++) {
                  j.set("cache:" + i, value);
                }
              })
          .isInstanceOf(JedisDataException.class)
          .hasMessageStartingWith("OOM");
    }

    HealthReport report = check.check(target(server));

    assertThat(report.scenario().label()).isEqualTo("B: out of memory");
    Finding memory = report.finding("memory").orElseThrow();
    assertThat(memory.level()).isEqualTo(Finding.Level.CRIT);
    assertThat(memory.measured()).contains("of 2.0 MiB").contains("policy noeviction");
    assertThat(report.scenario().nextSteps()).anyMatch(s -> s.contains("/redis purge"));
  }

  @Test
  @DisplayName(
      "a server paused longer than the timeout: C, named as CLIENT PAUSE (its event loop still"
          + " answers an unknown command), within the timeout")
  void paused() {
    RedisServer server = servers.extra();
    try (Jedis j = server.client()) {
      j.clientPause(3000);
    }
    Target target = target(server).withTimeout(Duration.ofMillis(500));

    long start = System.nanoTime();
    HealthReport report = check.check(target);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(report.scenario().label()).isEqualTo("C: slow or timing out");
    assertThat(report.problem().orElseThrow().kind()).isEqualTo(RedisProblem.Kind.PAUSED);
    assertThat(report.problem().get().message())
        .startsWith("cache (127.0.0.1:" + server.port() + ") holds every command: a CLIENT PAUSE")
        .contains("500 ms");
    assertThat(took).isLessThan(Duration.ofMillis(500).plus(HealthCheck.GRACE).plusMillis(200));
  }

  @Test
  @DisplayName("DEBUG SLEEP longer than the timeout: C, and the bot's answer does not wait for it")
  void debugSleep() throws Exception {
    RedisServer server = servers.extra();
    Thread sleeper =
        new Thread(
            () -> {
              try (Jedis j = server.client()) {
                j.sendCommand(
                    () -> "DEBUG".getBytes(java.nio.charset.StandardCharsets.UTF_8), "SLEEP", "2");
              }
            });
    sleeper.start();
    // asleep once a PING goes unanswered for 250 ms (a fixed wait could end before a slow machine
    // had even connected the sleeper, and the check would then see a healthy server)
    server.awaitStalled(Duration.ofMillis(250));

    HealthReport report = check.check(target(server).withTimeout(Duration.ofMillis(400)));

    assertThat(report.scenario()).isEqualTo(Scenario.SLOW);
    assertThat(report.took()).isLessThan(Duration.ofMillis(1000));
    sleeper.join();
  }

  @Test
  @DisplayName("a failed background save (MISCONF): D: persistence or data problem")
  void failedSave() throws Exception {
    RedisServer server = servers.extra("--save", "3600 1");
    server.failBackgroundSaves();
    try (Jedis j = server.client()) {
      assertThatThrownBy(() -> j.set("k2", "v")).hasMessageStartingWith("MISCONF");
    }

    HealthReport report = check.check(target(server));

    assertThat(report.scenario().label()).isEqualTo("D: persistence or data problem");
    assertThat(report.problem().orElseThrow().kind()).isEqualTo(RedisProblem.Kind.MISCONF);
    assertThat(report.finding("persistence").orElseThrow().measured())
        .contains("last RDB save failed");
  }

  @Test
  @DisplayName("a server loading a large RDB (key-load-delay): LOADING, D, with the load's ETA")
  void loading() {
    RedisServer server = servers.extra();
    try (Jedis j = server.client()) {
      j.sendCommand(
          () -> "DEBUG".getBytes(java.nio.charset.StandardCharsets.UTF_8),
          "POPULATE",
          "20000",
          "k",
          "10");
      j.save();
    }
    server.kill();
    // about 50 µs a key, and answering between keys: a load of a few seconds that replies LOADING
    RedisServer loading =
        RedisServer.start(
            server.dir(),
            server.port(),
            "--key-load-delay",
            "50",
            "--loading-process-events-interval-bytes",
            "1024");
    try {
      HealthReport report = check.check(target(loading));

      assertThat(report.problem().orElseThrow().kind()).isEqualTo(RedisProblem.Kind.LOADING);
      assertThat(report.problem().get().message())
          .isEqualTo(
              "cache (127.0.0.1:"
                  + loading.port()
                  + ") is loading its dataset into memory and refuses commands until it has"
                  + " finished.");
      assertThat(report.scenario()).isEqualTo(Scenario.PERSISTENCE);
      Finding persistence = report.finding("persistence").orElseThrow();
      assertThat(persistence.level()).isEqualTo(Finding.Level.CRIT);
      assertThat(persistence.measured())
          .as("the ETA as a duration: \"12 s\", \"1 min 2 s\"")
          .matches("loading the dataset, about (\\d+ min( \\d+ s)?|\\d+ s) left");
    } finally {
      loading.kill();
    }
  }

  @Test
  @DisplayName(
      "requirepass set but no password configured: Redis answers but the bot cannot log in; next"
          + " steps about credentials only, never a restart; no secret shown")
  void passwordRequired() {
    RedisServer server = servers.extra("--requirepass", "s3cret-pw");

    HealthReport missing = check.check(target(server));
    HealthReport wrong =
        check.check(Target.standalone("cache", "redis://:wrong-pw@127.0.0.1:" + server.port()));
    HealthReport right =
        check.check(Target.standalone("cache", "redis://:s3cret-pw@127.0.0.1:" + server.port()));

    assertThat(missing.scenario()).isEqualTo(Scenario.UNREACHABLE);
    assertThat(missing.problem().orElseThrow().kind()).isEqualTo(RedisProblem.Kind.AUTH);
    assertThat(missing.problem().get().message())
        .contains("Redis answers at cache (127.0.0.1:" + server.port() + ")")
        .contains("but the bot cannot log in")
        .contains("requires a password");
    assertThat(HealthReplies.verdict(missing))
        .isEqualTo("Redis answers, but the bot cannot log in");
    assertThat(missing.nextSteps())
        .anyMatch(step -> step.contains("redis-cli -u redis://<user>:<password>@127.0.0.1:"))
        .noneMatch(step -> step.contains("Restart Redis") || step.contains("redis-check-aof"));
    assertThat(wrong.problem().orElseThrow().message())
        .contains("rejected the bot's user name or password")
        .doesNotContain("wrong-pw");
    assertThat(String.join("\n", wrong.nextSteps())).doesNotContain("wrong-pw");
    assertThat(right.scenario()).isEqualTo(Scenario.HEALTHY);
  }

  @Test
  @DisplayName(
      "the first round trips of a connection are slow (warm-up): PING is judged on the warm ones,"
          + " no latency warning")
  void coldFirstRoundTrips() throws Exception {
    RedisServer server = servers.server();
    try (var proxy = new SlowFirstPongs(server.port(), 3, 30)) {
      // latency judged at 10/20 ms: the proxy's own hops on a loaded machine may exceed 1 ms
      var slack =
          Thresholds.merge(
              Thresholds.DEFAULTS,
              new Thresholds.Overrides(
                  null, null, null, null, null, null, null, 10.0, 20.0, null, null, null, null,
                  null));
      HealthReport report =
          check.check(
              Target.standalone("cache", "redis://127.0.0.1:" + proxy.port())
                  .withThresholds(slack));

      assertThat(proxy.delayed()).isEqualTo(3);
      assertThat(report.ping().orElseThrow()).isLessThan(Duration.ofMillis(10));
      assertThat(report.finding("latency").orElseThrow().level()).isEqualTo(Finding.Level.OK);
    }
  }

  /**
   * A loopback proxy to Redis that holds back its first {@code slow} PONG replies (over all the
   * connections the check opens).
   */
  private static final class SlowFirstPongs implements AutoCloseable {
    private final java.net.ServerSocket listener;
    private final java.util.concurrent.atomic.AtomicInteger delayed =
        new java.util.concurrent.atomic.AtomicInteger();
    private final List<java.net.Socket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();

    SlowFirstPongs(int redisPort, int slow, long delayMs) throws java.io.IOException {
      listener = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
      pool.submit(
          () -> {
            try {
              while (!listener.isClosed()) {
                var client = listener.accept();
                var redis =
                    new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), redisPort);
                sockets.add(client);
                sockets.add(redis);
                pool.submit(() -> pump(client, redis, 0, 0));
                pool.submit(() -> pump(redis, client, slow, delayMs));
              }
            } catch (java.io.IOException e) {
              // closed
            }
            return null;
          });
    }

    private Void pump(java.net.Socket from, java.net.Socket to, int slow, long delayMs) {
      byte[] buf = new byte[16 * 1024];
      try {
        int n;
        while ((n = from.getInputStream().read(buf)) > 0) {
          String chunk = new String(buf, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
          if (chunk.contains("+PONG") && delayed.get() < slow) {
            delayed.incrementAndGet();
            Thread.sleep(delayMs); // the slow answer this proxy is for
          }
          to.getOutputStream().write(buf, 0, n);
          to.getOutputStream().flush();
        }
      } catch (java.io.IOException e) {
        // closed
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return null;
    }

    int port() {
      return listener.getLocalPort();
    }

    int delayed() {
      return delayed.get();
    }

    @Override
    public void close() throws java.io.IOException {
      listener.close();
      for (var s : sockets) {
        s.close();
      }
    }
  }

  @Test
  @DisplayName("an HTTP server where Redis should be: 'something that is not Redis answers'")
  void notRedis() throws Exception {
    try (var http = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
      var replier =
          new Thread(
              () -> {
                while (!http.isClosed()) {
                  try (var socket = http.accept()) {
                    socket.getInputStream().read(new byte[256]);
                    socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes());
                    socket.getOutputStream().flush();
                  } catch (java.io.IOException e) {
                    return;
                  }
                }
              });
      replier.setDaemon(true);
      replier.start();

      HealthReport report =
          check.check(Target.standalone("cache", "redis://127.0.0.1:" + http.getLocalPort()));

      assertThat(report.problem().orElseThrow().kind()).isEqualTo(RedisProblem.Kind.NOT_REDIS);
      assertThat(report.problem().get().message())
          .startsWith(
              "something that is not Redis answers at 127.0.0.1:"
                  + http.getLocalPort()
                  + " (it replied 'H…', perhaps HTTP)");
      assertThat(HealthReplies.verdict(report))
          .isEqualTo("not Redis at 127.0.0.1:" + http.getLocalPort());
      assertThat(report.nextSteps()).noneMatch(step -> step.contains("Restart Redis"));
    }
  }

  @Test
  @DisplayName(
      "a server that will not start on a corrupted AOF: A, and the reply's next steps give the"
          + " fix, redis-check-aof --fix")
  void corruptedAof() throws Exception {
    RedisServer server = servers.extra("--appendonly", "yes");
    try (Jedis j = server.client()) {
      for (int i = 0; i < 100; i++) {
        j.set("key:" + i, "value-" + i);
      }
    }
    server.kill();
    Path aofDir = server.dir().resolve("appendonlydir");
    Path incr;
    try (var files = Files.list(aofDir)) {
      incr = files.filter(p -> p.toString().endsWith(".incr.aof")).findFirst().orElseThrow();
    }
    String text = Files.readString(incr);
    Files.writeString(
        incr,
        text.substring(0, text.length() / 2) + "*garbage\r\n" + text.substring(text.length() / 2));

    String log =
        RedisServer.startExpectingFailure(
            server.dir(), "--appendonly", "yes", "--port", String.valueOf(server.port()));
    HealthReport report = check.check(target(server));

    assertThat(log).containsIgnoringCase("Bad file format reading the append only file");
    assertThat(report.scenario()).isEqualTo(Scenario.UNREACHABLE);
    String steps =
        HealthReplies.detail(report).fields().stream()
            .filter(f -> f.name().equals("Next steps"))
            .findFirst()
            .orElseThrow()
            .value();
    assertThat(steps)
        .contains("If the log says \"Bad file format reading the append only file\"")
        .contains("redis-check-aof --fix <file>");
  }

  @Test
  @DisplayName(
      "a server that stalls after PING and INFO: the report keeps them at the deadline, queues"
          + " marked unread")
  void stallsAfterInfo() throws Exception {
    RedisServer server = servers.extra();
    Duration timeout = Duration.ofMillis(500);
    ExtraFindings stallsMidway =
        (jedis, target) -> {
          sleep(300); // reads that went well, then the server blocks for longer than the timeout
          new Thread(
                  () -> {
                    try (Jedis other = server.client()) {
                      other.sendCommand(
                          () -> "DEBUG".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                          "SLEEP",
                          "1.5");
                    }
                  })
              .start();
          server.awaitStalled();
          jedis.dbSize();
          return List.of();
        };
    var stalling = new HealthCheck(new RedisNodes(), pool, null, List.of(stallsMidway));

    long start = System.nanoTime();
    HealthReport report = stalling.check(target(server).withTimeout(timeout));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isLessThan(timeout.plus(HealthCheck.GRACE).plusMillis(100));
    assertThat(report.problem()).isEmpty();
    assertThat(report.ping()).isPresent();
    assertThat(report.finding("memory")).isPresent();
    assertThat(report.finding("queues").orElseThrow().measured())
        .startsWith("not read before the deadline");
    server.awaitAnswering(); // DEBUG SLEEP over before the server is killed
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  @DisplayName("all targets at once: one report each, within timeout + 0.5 s even when one hangs")
  void allAtOnce() {
    RedisServer hanging = servers.extra();
    RedisServer dead = servers.extra();
    dead.kill();
    try (Jedis j = hanging.client()) {
      j.clientPause(4000);
    }
    Duration timeout = Duration.ofSeconds(1);
    List<Target> targets =
        List.of(
            Target.standalone("main", servers.server().url()).withTimeout(timeout),
            Target.standalone("hung", hanging.url()).withTimeout(timeout),
            Target.standalone("gone", dead.url()).withTimeout(timeout));

    long start = System.nanoTime();
    List<HealthReport> reports = check.checkAll(targets);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isLessThan(timeout.plusMillis(500));
    assertThat(reports)
        .extracting(r -> r.target().name() + "=" + r.scenario().label())
        .containsExactly("main=healthy", "hung=C: slow or timing out", "gone=A: Redis unreachable");
  }
}
