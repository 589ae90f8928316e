package dev.incidentbot.redis.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.redis.Mode;
import dev.incidentbot.redis.NodeResolver;
import dev.incidentbot.redis.RedisEndpoint;
import dev.incidentbot.redis.RedisNodes;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Thresholds;
import dev.incidentbot.redis.health.HealthCheck;
import dev.incidentbot.redis.health.HealthReplies;
import dev.incidentbot.redis.health.HealthReport;
import dev.incidentbot.redis.health.Scenario;
import dev.incidentbot.testing.RedisCluster;
import dev.incidentbot.testing.RedisServer;
import dev.incidentbot.testing.TestTargets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.commands.ProtocolCommand;

/**
 * The incident corpus: each row a real server driven into an incident state (not a fake INFO), and
 * what {@code /redis health} must say of it — the scenario, the cause in the first sentence, the
 * first next step. The table reads as the README's "what health tells apart". Load generators stop
 * by themselves; nothing assumes a server version that INFO did not report.
 */
@DisplayName("Incident corpus: real servers in incident states; verdict, cause first, first step")
class IncidentCorpusTest {
  private static final ExecutorService pool = Executors.newCachedThreadPool();
  private static final HealthCheck check =
      new HealthCheck(new RedisNodes(), pool, new NodeResolver(pool), List.of());
  private static final List<String> table = new ArrayList<>();

  @AfterAll
  static void printTable() {
    System.out.println("| state | verdict | first step |\n|---|---|---|");
    table.forEach(System.out::println);
    pool.shutdownNow();
  }

  /**
   * One incident state.
   *
   * @param state what was done to the server
   * @param scenario the decision-tree scenario health must name
   * @param verdict how the title's verdict must start
   * @param cause what the first sentence must say (case-insensitive)
   * @param firstStep what the first next step must say
   * @param driver drives real servers into the state
   */
  record State(
      String state,
      Scenario scenario,
      String verdict,
      String cause,
      String firstStep,
      Driver driver) {
    @Override
    public String toString() {
      return state;
    }
  }

  /** Drives servers into a state; the incident it returns is closed after the check. */
  @FunctionalInterface
  interface Driver {
    Incident drive() throws Exception;
  }

  /** A target in its state, and what to stop and remove afterwards (last first). */
  record Incident(Target target, List<AutoCloseable> cleanup) implements AutoCloseable {
    static Incident of(Target target, AutoCloseable... cleanup) {
      return new Incident(target, List.of(cleanup));
    }

    @Override
    public void close() {
      for (int i = cleanup.size() - 1; i >= 0; i--) {
        try {
          cleanup.get(i).close();
        } catch (Exception ignored) {
          // best effort
        }
      }
    }
  }

  static Stream<State> corpus() {
    return Stream.of(
        new State(
            "healthy, idle",
            Scenario.HEALTHY,
            "healthy",
            "",
            "Nothing to do",
            IncidentCorpusTest::idle),
        new State(
            "healthy and busy: pipelined GET/SET from 2 clients, no stalls",
            Scenario.HEALTHY,
            "healthy",
            "",
            "Nothing to do",
            IncidentCorpusTest::busyHealthy),
        new State(
            "maxclients was reached a moment ago, now freed (the since-start counter stays)",
            Scenario.HEALTHY,
            "healthy",
            "",
            "Nothing to do",
            IncidentCorpusTest::maxclientsFreed),
        new State(
            "process killed",
            Scenario.UNREACHABLE,
            "A: Redis unreachable",
            "refused the connection",
            "Check the Redis process",
            IncidentCorpusTest::killed),
        new State(
            "nothing listens on the port",
            Scenario.UNREACHABLE,
            "A: Redis unreachable",
            "refused the connection",
            "Check the Redis process",
            () -> Incident.of(target("redis://127.0.0.1:" + RedisServer.freePort()))),
        new State(
            "wrong password",
            Scenario.UNREACHABLE,
            "Redis answers, but the bot cannot log in",
            "rejected the bot's user name or password",
            "Check the password",
            () -> password("wrong-pw")),
        new State(
            "password missing",
            Scenario.UNREACHABLE,
            "Redis answers, but the bot cannot log in",
            "requires a password the bot was not given",
            "Check the password",
            () -> password(null)),
        new State(
            "not Redis (an HTTP server)",
            Scenario.UNREACHABLE,
            "not Redis at",
            "something that is not Redis answers",
            "Check the host and port",
            IncidentCorpusTest::notRedis),
        new State(
            "DEBUG SLEEP 0.05 in a loop",
            Scenario.SLOW,
            "C: slow — DEBUG blocks the server",
            "is slow because DEBUG blocks it",
            "Find the client sending DEBUG",
            IncidentCorpusTest::debugSleepLoop),
        new State(
            "KEYS storm on 150k keys",
            Scenario.SLOW,
            "C: slow — KEYS blocks the server",
            "is slow because KEYS blocks it",
            "Find the client sending KEYS",
            IncidentCorpusTest::keysStorm),
        new State(
            "slow command loop (SORT of a 100k list)",
            Scenario.SLOW,
            "C: slow — SORT blocks the server",
            "is slow because SORT blocks it",
            "Find the client sending SORT",
            IncidentCorpusTest::slowCommandLoop),
        new State(
            "big-key DEL blocking (hashes of 300k fields deleted one after another)",
            Scenario.SLOW,
            "C: slow — DEL blocks the server",
            "is slow because DEL blocks it",
            "Find the client sending DEL",
            IncidentCorpusTest::bigKeyDel),
        new State(
            "CLIENT PAUSE ALL",
            Scenario.SLOW,
            "C: paused (CLIENT PAUSE)",
            "a CLIENT PAUSE (ALL) is in effect",
            "A pause ends by itself",
            () -> paused("ALL")),
        new State(
            "CLIENT PAUSE WRITE",
            Scenario.SLOW,
            "C: writes paused (CLIENT PAUSE WRITE)",
            "holds every write",
            "/redis client-unpause",
            () -> paused("WRITE")),
        new State(
            "BUSY script (EVAL with a busy loop)",
            Scenario.SLOW,
            "C: blocked by a script (BUSY)",
            "busy running a script",
            "/redis script-kill runs SCRIPT KILL",
            () -> busy(false)),
        new State(
            "BUSY function (FCALL with a busy loop)",
            Scenario.SLOW,
            "C: blocked by a function (BUSY)",
            "busy running a function",
            "/redis script-kill runs FUNCTION KILL",
            () -> busy(true)),
        new State(
            "maxclients really reached",
            Scenario.SLOW,
            "C: maxclients reached",
            "max number of clients reached",
            "Free connections",
            IncidentCorpusTest::maxclients),
        new State(
            "many idle clients (520 connections)",
            Scenario.SLOW,
            "C: too many clients",
            "has too many connections",
            "See who holds them",
            () -> clients(null)),
        new State(
            "blocked clients piling up (520 BLPOP)",
            Scenario.SLOW,
            "C: clients piling up, blocked",
            "blocked clients wait",
            "See what they wait on",
            () -> clients("BLPOP corpus:empty 0")),
        new State(
            "OOM with noeviction, writes still coming",
            Scenario.OUT_OF_MEMORY,
            "B: out of memory — writes failing",
            "writes are failing now",
            "Free memory now",
            IncidentCorpusTest::oomNoeviction),
        new State(
            "eviction storm (allkeys-lru at maxmemory, writes coming)",
            Scenario.OUT_OF_MEMORY,
            "B: memory full, evicting",
            "is at maxmemory and evicting keys",
            "The working set does not fit",
            IncidentCorpusTest::evictionStorm),
        new State(
            "LOADING a big RDB (key-load-delay)",
            Scenario.PERSISTENCE,
            "D: loading its dataset",
            "is loading its dataset",
            "Wait for the load to finish",
            IncidentCorpusTest::loading),
        new State(
            "MISCONF: the RDB save failed",
            Scenario.PERSISTENCE,
            "D: saving to disk fails (MISCONF)",
            "cannot save to disk (MISCONF)",
            "Read the persistence status",
            IncidentCorpusTest::misconf),
        new State(
            "AOF write error (disk full)",
            Scenario.PERSISTENCE,
            "D: AOF writes failing",
            "cannot write its append-only file",
            "Free or fix the disk",
            IncidentCorpusTest::aofWriteError),
        new State(
            "replica whose master was killed",
            Scenario.REPLICATION,
            "E: replica lost its master",
            "whose link to its master",
            "Check the master",
            IncidentCorpusTest::replicaMasterGone),
        new State(
            "replica lagging (its process stopped)",
            Scenario.REPLICATION,
            "E: replica lagging",
            "has a replica",
            "Look at the lagging replica",
            IncidentCorpusTest::replicaLagging),
        new State(
            "full-resync loop (client-output-buffer-limit replica 64kb 32kb 1, writes coming)",
            Scenario.REPLICATION,
            "E: full-resync loop",
            "is in a full-resync loop",
            "Raise client-output-buffer-limit replica",
            () -> resyncLoop(false)),
        new State(
            "full-resync loop, asked of the replica",
            Scenario.REPLICATION,
            "E: replica in a full-resync loop",
            "is in a full-resync loop",
            "Raise client-output-buffer-limit replica",
            () -> resyncLoop(true)),
        new State(
            "fragmentation over the threshold (80 % of 300k small keys deleted, activedefrag off)",
            Scenario.SLOW,
            "C: memory fragmented",
            "has fragmented memory",
            "/redis memory-purge",
            IncidentCorpusTest::fragmented),
        new State(
            "a nearly empty server: fragmentation ratio high only because used memory is tiny",
            Scenario.HEALTHY,
            "healthy",
            "",
            "Nothing to do",
            IncidentCorpusTest::tinyDataset),
        new State(
            "Sentinel: master killed, failover not done yet",
            Scenario.REPLICATION,
            "E: master down, Sentinel failing over",
            "will fail over",
            "Let Sentinel finish",
            () -> sentinel(false)),
        new State(
            "Sentinel: after the failover, the old master still dead",
            Scenario.REPLICATION,
            "E: no replica in sync",
            "has no replica left in sync",
            "Bring the replicas back",
            () -> sentinel(true)),
        new State(
            "cluster: a primary killed, its slots uncovered",
            Scenario.UNREACHABLE,
            "A: Redis unreachable",
            "refused the connection",
            "Check the Redis process",
            IncidentCorpusTest::clusterPrimaryDown));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void state(State state) throws Exception {
    String only = System.getProperty("corpus.only", "");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        state.state().contains(only), "-Dcorpus.only=" + only + " leaves this state out");
    try (Incident incident = state.driver().drive()) {
      HealthReport report = check.check(incident.target());
      var reply = HealthReplies.detail(report);
      String verdict = HealthReplies.verdict(report);
      String first = reply.text().lines().findFirst().orElse("");
      String step = report.nextSteps().isEmpty() ? "" : report.nextSteps().get(0);
      table.add("| " + state.state() + " | " + verdict + " | " + step.replace("|", "\\|") + " |");

      String all = reply.title() + "\n" + reply.text() + "\n" + reply.fields();
      assertThat(report.scenario()).as(all).isEqualTo(state.scenario());
      assertThat(verdict).as(all).startsWith(state.verdict());
      if (state.scenario() == Scenario.HEALTHY) {
        assertThat(first)
            .as("a healthy report's first line: the engine and the numbers")
            .startsWith(report.info().engine());
      } else {
        assertThat(first.toLowerCase(Locale.ROOT))
            .as(all)
            .contains(state.cause().toLowerCase(Locale.ROOT));
      }
      assertThat(step).as(all).contains(state.firstStep());
      assertThat(all).doesNotContain("-1 s ago");
      if (report.info() != null) {
        assertThat(reply.fields().toString()).contains(report.info().engine());
      }
    }
  }

  // --- drivers ---

  private static Target target(String url) {
    return Target.standalone("cache", url);
  }

  private static Target target(RedisServer server) {
    return target(server.url());
  }

  private static Incident idle() {
    RedisServer s = RedisServer.start();
    return Incident.of(target(s), s);
  }

  private static Incident busyHealthy() throws Exception {
    RedisServer s = RedisServer.start();
    Load load =
        Load.loop(
            s,
            Duration.ofSeconds(10),
            2,
            j -> {
              var p = j.pipelined();
              for (int i = 0; i < 50; i++) {
                p.set("busy:" + i, "v");
                p.get("busy:" + (i * 7 % 50));
              }
              p.sync();
            });
    awaitOps(s, 1000);
    return Incident.of(target(s), s, load);
  }

  private static Incident maxclientsFreed() throws Exception {
    RedisServer s = RedisServer.start("--maxclients", "8");
    try (Load full = Load.connections(s.port(), 8, null)) {
      await("the bot's own connection refused", () -> check.check(target(s)).problem().isPresent());
    }
    await(
        "the connections gone",
        () -> {
          try (Jedis j = s.client()) {
            return j.info("clients").contains("connected_clients:1\r");
          } catch (RuntimeException e) {
            return false;
          }
        });
    try (Jedis j = s.client()) {
      assertThat(j.info("stats")).doesNotContain("rejected_connections:0\r");
    }
    return Incident.of(target(s), s);
  }

  private static Incident killed() {
    RedisServer s = RedisServer.start();
    s.kill();
    return Incident.of(target(s), s);
  }

  private static Incident password(String given) {
    RedisServer s = RedisServer.start("--requirepass", "s3cret-pw");
    String url = given == null ? s.url() : "redis://:" + given + "@127.0.0.1:" + s.port();
    return Incident.of(target(url), s);
  }

  private static Incident notRedis() throws Exception {
    var http = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress());
    Thread replier =
        new Thread(
            () -> {
              while (!http.isClosed()) {
                try (var socket = http.accept()) {
                  socket.getInputStream().read(new byte[256]);
                  socket.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes());
                } catch (java.io.IOException e) {
                  return;
                }
              }
            });
    replier.setDaemon(true);
    replier.start();
    return Incident.of(target("redis://127.0.0.1:" + http.getLocalPort()), http);
  }

  private static Incident debugSleepLoop() throws Exception {
    RedisServer s = RedisServer.start();
    Load load = Load.loop(s, Duration.ofSeconds(10), j -> j.sendCommand(DEBUG, "SLEEP", "0.05"));
    Thread.sleep(200); // the load runs a few turns first: the state the check reads
    return Incident.of(target(s), s, load);
  }

  private static Incident keysStorm() throws Exception {
    RedisServer s = RedisServer.start();
    try (Jedis j = s.client()) {
      j.sendCommand(DEBUG, "POPULATE", "150000", "key", "10");
    }
    Load load = Load.loop(s, Duration.ofSeconds(10), j -> j.keys("nomatch:*"));
    Thread.sleep(200); // the load runs a few turns first: the state the check reads
    return Incident.of(target(s), s, load);
  }

  private static Incident slowCommandLoop() throws Exception {
    RedisServer s = RedisServer.start();
    try (Jedis j = s.client()) {
      j.eval(
          "for i = 1, 100000, 1000 do local t = {} for k = i, i + 999 do t[#t + 1] = k % 977 end"
              + " redis.call('RPUSH', KEYS[1], unpack(t)) end",
          List.of("biglist"), List.of());
    }
    Load load =
        Load.loop(
            s,
            Duration.ofSeconds(10),
            j -> j.sendCommand(Protocol.Command.SORT, "biglist", "LIMIT", "0", "1"));
    Thread.sleep(200); // the load runs a few turns first: the state the check reads
    return Incident.of(target(s), s, load);
  }

  private static Incident bigKeyDel() throws Exception {
    // measured on Valkey 8.1: a DEL of a 300k-field hash takes about 10 ms there (35 ms and more on
    // Redis 7 and 8), under the slow log's threshold, so this state is no incident on Valkey
    org.junit.jupiter.api.Assumptions.assumeFalse(
        RedisServer.engine() == dev.incidentbot.testing.Engine.VALKEY8,
        "Valkey 8.1 frees a 300k-field hash in about 10 ms: no stall to diagnose at this size");
    // Valkey 8 frees a user DEL lazily by default (Redis 7 and 8 do not): set it as a server that
    // blocks on DEL is configured, so the state is the same on every engine
    RedisServer s = RedisServer.start("--lazyfree-lazy-user-del", "no");
    // one hash of 300k fields built by script, then COPYed (fast, in C): Valkey 8.1 frees such a
    // hash in about 11 ms, Redis 7 in 35 ms or more, so the DELs come 10 ms apart to keep the
    // server busy most of the window on every engine
    int keys = 24;
    try (Jedis j = s.client()) {
      j.eval(
          "for i = 1, 300000, 1000 do local t = {} for f = i, i + 999 do t[#t + 1] = f"
              + " t[#t + 1] = 'v' end redis.call('HSET', KEYS[1], unpack(t)) end",
          List.of("big:0"),
          List.of());
      for (int k = 1; k < keys; k++) {
        j.copy("big:0", "big:" + k, false);
      }
    }
    var next = new java.util.concurrent.atomic.AtomicInteger();
    Load load =
        Load.loop(
            s,
            Duration.ofSeconds(10),
            j -> {
              int k = next.getAndIncrement();
              if (k < keys) {
                j.del("big:" + k);
              }
              Thread.sleep(10); // one DEL at a time, as an application deleting big keys does
            });
    Thread.sleep(50); // the first DELs land in the slow log
    return Incident.of(target(s), s, load);
  }

  private static Incident paused(String mode) throws Exception {
    RedisServer s = RedisServer.start();
    try (Jedis j = s.client()) {
      j.sendCommand(Protocol.Command.CLIENT, "PAUSE", "4000", mode);
    }
    return Incident.of(target(s).withTimeout(Duration.ofMillis(800)), s);
  }

  private static Incident busy(boolean function) throws Exception {
    RedisServer s = RedisServer.start("--busy-reply-threshold", "100");
    if (function) {
      try (Jedis j = s.client()) {
        j.functionLoad(
            "#!lua name=corpus\n"
                + "redis.register_function('spin', function() while true do end end)");
      }
    }
    Load load =
        Load.loop(
            s,
            Duration.ofSeconds(10),
            j -> {
              if (function) {
                j.fcall("spin", List.of(), List.of());
              } else {
                j.eval("while true do end");
              }
            });
    await(
        "BUSY",
        () -> {
          try (Jedis j = s.client()) {
            j.ping();
            return false;
          } catch (redis.clients.jedis.exceptions.JedisDataException e) {
            return e.getMessage().startsWith("BUSY");
          }
        });
    AutoCloseable kill =
        () -> {
          try (Jedis j = s.client()) {
            j.sendCommand(command(function ? "FUNCTION" : "SCRIPT"), "KILL");
          } catch (RuntimeException ignored) {
            // already ended
          }
        };
    return Incident.of(target(s), s, load, kill);
  }

  private static Incident maxclients() throws Exception {
    RedisServer s = RedisServer.start("--maxclients", "8");
    Load full = Load.connections(s.port(), 8, null);
    return Incident.of(target(s), s, full);
  }

  private static Incident clients(String command) throws Exception {
    RedisServer s = RedisServer.start();
    Load held = Load.connections(s.port(), 520, command);
    await(
        "520 clients",
        () -> {
          try (Jedis j = s.client()) {
            String info = j.info("clients");
            return info.contains("connected_clients:521\r")
                && (command == null || info.contains("blocked_clients:520\r"));
          }
        });
    return Incident.of(target(s), s, held);
  }

  private static Incident oomNoeviction() throws Exception {
    RedisServer s = RedisServer.start("--maxmemory", "4mb", "--maxmemory-policy", "noeviction");
    String value = "x".repeat(10_000);
    try (Jedis j = s.client()) {
      for (int i = 0; i < 1000; i++) {
        try {
          j.set("cache:" + i, value);
        } catch (redis.clients.jedis.exceptions.JedisDataException oom) {
          break;
        }
      }
    }
    Load writes =
        Load.loop(
            s,
            Duration.ofSeconds(10),
            j -> {
              j.set("cache:more", value);
              Thread.sleep(5); // a steady stream of writes, not a flood
            });
    Thread.sleep(100); // the first writes are refused: the state the check reads
    return Incident.of(target(s), s, writes);
  }

  private static Incident evictionStorm() throws Exception {
    RedisServer s = RedisServer.start("--maxmemory", "4mb", "--maxmemory-policy", "allkeys-lru");
    String value = "x".repeat(1000);
    var n = new java.util.concurrent.atomic.AtomicLong();
    Load writes =
        Load.loop(
            s,
            Duration.ofSeconds(10),
            j -> {
              var p = j.pipelined();
              for (int i = 0; i < 100; i++) {
                p.set("cache:" + n.incrementAndGet(), value);
              }
              p.sync();
              Thread.sleep(2); // a steady stream of writes, not a flood
            });
    await(
        "evicting",
        () -> {
          try (Jedis j = s.client()) {
            return !j.info("stats").contains("evicted_keys:0\r");
          }
        });
    return Incident.of(target(s), s, writes);
  }

  private static Incident loading() throws Exception {
    RedisServer s = RedisServer.start();
    try (Jedis j = s.client()) {
      j.sendCommand(DEBUG, "POPULATE", "40000", "k", "10");
      j.save();
    }
    s.kill();
    RedisServer loading =
        RedisServer.start(
            s.dir(),
            s.port(),
            "--key-load-delay",
            "100",
            "--loading-process-events-interval-bytes",
            "1024");
    return Incident.of(target(loading), s, loading);
  }

  private static Incident misconf() throws Exception {
    RedisServer s = RedisServer.start("--save", "3600 1");
    s.failBackgroundSaves();
    return Incident.of(target(s), s);
  }

  private static Incident aofWriteError() throws Exception {
    RedisServer s = RedisServer.start();
    // the AOF's next incremental file is /dev/full: every write to it fails with ENOSPC
    Path aofDir = s.dir().resolve("appendonlydir");
    Files.createDirectories(aofDir);
    Files.createSymbolicLink(aofDir.resolve("temp-appendonly.aof.incr"), Path.of("/dev/full"));
    try (Jedis j = s.client()) {
      j.configSet("appendonly", "yes");
      await(
          "the AOF rewrite done",
          () ->
              j.info("persistence").contains("aof_rewrite_in_progress:0\r")
                  && j.info("persistence").contains("aof_rewrite_scheduled:0\r"));
      await(
          "AOF writes failing",
          () -> {
            try {
              j.set("k", "v");
            } catch (redis.clients.jedis.exceptions.JedisDataException refused) {
              // MISCONF once the write failed
            }
            return j.info("persistence").contains("aof_last_write_status:err");
          });
    }
    return Incident.of(target(s), s);
  }

  private static Incident resyncLoop(boolean askReplica) throws Exception {
    // each sync is cut as soon as 64 kB of writes wait for the replica, before it can finish, and
    // the backlog is too small for a partial resync after a cut (Valkey 8 would otherwise get one)
    RedisServer master =
        RedisServer.start(
            "--client-output-buffer-limit",
            "replica 64kb 32kb 1",
            "--repl-backlog-size",
            "16kb",
            "--repl-diskless-sync",
            "no");
    try (Jedis j = master.client()) {
      j.sendCommand(DEBUG, "POPULATE", "20000", "data", "100");
    }
    String value = "x".repeat(1000);
    var n = new java.util.concurrent.atomic.AtomicLong();
    // 2 writers over 40k keys: the dataset grows to about 50 MB, so each BGSAVE takes long
    // enough for the writes waiting for the replica to pass 64 kB on every engine
    Load writes =
        Load.loop(
            master,
            Duration.ofSeconds(15),
            2,
            j -> {
              var p = j.pipelined();
              for (int i = 0; i < 50; i++) {
                p.set("w:" + (n.incrementAndGet() % 40_000), value);
              }
              p.sync();
            });
    RedisServer replica =
        RedisServer.start("--replicaof", "127.0.0.1", String.valueOf(master.port()));
    await(
        "full resyncs again and again",
        () -> {
          try (Jedis j = master.client()) {
            return number(j.info("stats"), "sync_full") >= 3;
          }
        });
    return Incident.of(target(askReplica ? replica : master), master, replica, writes);
  }

  private static Incident fragmented() throws Exception {
    RedisServer s = RedisServer.start("--activedefrag", "no");
    try (Jedis j = s.client()) {
      j.sendCommand(DEBUG, "POPULATE", "300000", "frag", "100");
      // 8 of every 10 keys deleted, spread over the whole keyspace: the allocator's pages stay
      // partly used, so the process keeps the memory the deleted keys took
      j.eval(
          "for i = 0, 299999 do if (i * 7919) % 10 < 8 then redis.call('DEL', 'frag:' .. i) end"
              + " end");
    }
    return Incident.of(target(s), s);
  }

  private static Incident tinyDataset() throws Exception {
    RedisServer s = RedisServer.start();
    try (Jedis j = s.client()) {
      j.set("k", "v");
      var ratio = number(j.info("memory"), "mem_fragmentation_ratio");
      assertThat(ratio).as("the premise: a tiny dataset shows a high ratio").isGreaterThan(1.5);
    }
    return Incident.of(target(s), s);
  }

  private static Incident replicaMasterGone() throws Exception {
    RedisServer master = RedisServer.start();
    RedisServer replica =
        RedisServer.start("--replicaof", "127.0.0.1", String.valueOf(master.port()));
    replica.awaitLinkUp();
    master.kill();
    await(
        "the replica sees its link down",
        () -> {
          try (Jedis j = replica.client()) {
            return j.info("replication").contains("master_link_status:down");
          }
        });
    return Incident.of(target(replica), master, replica);
  }

  private static Incident replicaLagging() throws Exception {
    RedisServer master = RedisServer.start();
    RedisServer replica =
        RedisServer.start("--replicaof", "127.0.0.1", String.valueOf(master.port()));
    replica.awaitLinkUp();
    master.awaitReplicaOnline();
    String pid;
    try (Jedis j = replica.client()) {
      pid =
          j.info("server")
              .lines()
              .filter(l -> l.startsWith("process_id:"))
              .findFirst()
              .orElseThrow()
              .substring("process_id:".length())
              .strip();
    }
    signal("STOP", pid);
    AutoCloseable resume = () -> signal("CONT", pid);
    try (Jedis j = master.client()) {
      await(
          "the master sees the replica lag",
          () -> {
            j.set("tick", String.valueOf(System.nanoTime()));
            return j.info("replication").matches("(?s).*lag=([3-9]|\\d\\d+).*");
          });
    }
    return Incident.of(target(master), master, replica, resume);
  }

  private static Incident sentinel(boolean afterFailover) throws Exception {
    RedisServer master = RedisServer.start();
    RedisServer replica =
        RedisServer.start("--replicaof", "127.0.0.1", String.valueOf(master.port()));
    RedisServer sentinel = RedisServer.sentinel("orders", master.port());
    await(
        "sentinel sees the replica in sync",
        () -> {
          try (Jedis j = sentinel.client()) {
            var known = j.sentinelReplicas("orders");
            return !known.isEmpty() && "ok".equals(known.get(0).get("master-link-status"));
          }
        });
    master.kill();
    if (afterFailover) {
      await(
          "Sentinel names the replica",
          () -> {
            try (Jedis j = sentinel.client()) {
              return j.sentinelGetMasterAddrByName("orders")
                  .get(1)
                  .equals(String.valueOf(replica.port()));
            }
          });
      await(
          "the new master answers as master",
          () -> {
            try (Jedis j = replica.client()) {
              return j.info("replication").contains("role:master");
            }
          });
    }
    return Incident.of(TestTargets.sentinel(sentinel), master, replica, sentinel);
  }

  private static Incident clusterPrimaryDown() throws Exception {
    RedisCluster cluster = RedisCluster.start(3, 1000);
    RedisServer dead = cluster.nodes().get(2);
    dead.kill();
    RedisServer alive = cluster.nodes().get(0);
    await(
        "the cluster marks it failed",
        () -> {
          try (Jedis j = alive.client()) {
            return j.clusterInfo().contains("cluster_state:fail");
          }
        });
    Target target =
        new Target(
            "shard",
            Mode.CLUSTER,
            RedisEndpoint.parse("redis://" + cluster.addresses().get(0)),
            null,
            cluster.addresses().subList(0, 2),
            List.of(),
            Duration.ofSeconds(1),
            Thresholds.DEFAULTS,
            Target.DEFAULT_PROTECTED,
            List.of());
    return Incident.of(target, cluster);
  }

  // --- helpers ---

  private static double number(String info, String field) {
    return info.lines()
        .filter(l -> l.startsWith(field + ":"))
        .findFirst()
        .map(l -> Double.parseDouble(l.substring(field.length() + 1).strip()))
        .orElse(0.0);
  }

  private static final ProtocolCommand DEBUG = command("DEBUG");

  private static void signal(String signal, String pid) throws Exception {
    new ProcessBuilder("kill", "-" + signal, pid).inheritIO().start().waitFor();
  }

  private static void awaitOps(RedisServer s, long ops) throws Exception {
    await(
        "load running",
        () -> {
          try (Jedis j = s.client()) {
            String v =
                j.info("stats")
                    .lines()
                    .filter(l -> l.startsWith("instantaneous_ops_per_sec:"))
                    .findFirst()
                    .orElse("instantaneous_ops_per_sec:0");
            return Long.parseLong(v.substring(v.indexOf(':') + 1).strip()) > ops;
          }
        });
  }

  /** Waits up to 20 s for {@code condition}; an exception on the way counts as not yet. */
  private static void await(String what, BooleanSupplier condition) {
    Awaitility.await(what)
        .atMost(Duration.ofSeconds(20))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .until(condition::getAsBoolean);
  }

  private static ProtocolCommand command(String name) {
    byte[] raw = name.getBytes(StandardCharsets.US_ASCII);
    return () -> raw;
  }
}
