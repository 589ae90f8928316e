package dev.incidentbot.bot.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.incidentbot.bot.discord.fake.FakeDiscordExtension;
import dev.incidentbot.testing.BusyRedis;
import dev.incidentbot.testing.ClusterWithReplica;
import dev.incidentbot.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;

@DisplayName(
    "Every diagnostic command in the console and in Discord, on standalone, Sentinel and Cluster")
class DiagnosticsEndToEndTest {
  static final DiagnosedFleet fleet = new DiagnosedFleet();

  @RegisterExtension
  static final FakeDiscordExtension discord =
      FakeDiscordExtension.withTargets(fleet::targetsYaml).build();

  static Chats chats;

  @BeforeAll
  static void seed() {
    fleet.seed();
    chats = Chats.on(discord);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (chats != null) {
      chats.close();
    }
    fleet.close();
  }

  static Stream<Arguments> everyTarget() {
    return Stream.of(Adapter.values())
        .flatMap(a -> Stream.of("solo", "ha", "shard").map(t -> Arguments.of(a, t)));
  }

  private static Chat.Exchange run(
      Adapter adapter, String command, String target, String... options) {
    var map = new LinkedHashMap<String, String>();
    for (int i = 0; i + 1 < options.length; i += 2) {
      map.put(options[i], options[i + 1]);
    }
    if (target != null) {
      map.put("target", target);
    }
    return chats.of(adapter).send("victor", command, map);
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("everyTarget")
  @DisplayName("/redis info: the key count of every primary, and its replicas")
  void info(Adapter adapter, String target) {
    List<RedisServer> primaries = fleet.primaries(target);
    Map<Integer, Long> beforeEach = dbSizes(target);
    long before = dbSize(target);
    Shown keyspace = run(adapter, "redis info", target, "section", "keyspace").answer();
    long after = dbSize(target);
    Map<Integer, Long> afterEach = dbSizes(target);
    Shown replication = run(adapter, "redis info", target, "section", "replication").answer();

    assertThat(keyspace.title()).isEqualTo(target + ": INFO keyspace");
    assertThat(sum(numbers(keyspace.text(), "db0 +keys=(\\d+)")))
        .as("keys over every primary, as DBSIZE counts them")
        .isBetween(after, before);
    assertThat(numbers(keyspace.text(), "db0 +keys=(\\d+)")).hasSize(primaries.size());
    for (RedisServer p : primaries) {
      assertThat(keyspace.text()).contains(ClusterWithReplica.address(p));
    }
    switch (target) {
      case "solo" ->
          assertThat(keyspace.text()).contains("from " + address(fleet.solo) + " (standalone)");
      case "ha" -> {
        assertThat(keyspace.text())
            .contains("from " + address(fleet.ha.master()) + " (master via sentinel)");
        assertThat(replication.text())
            .containsPattern("connected_slaves +1")
            .containsPattern(
                "slave0 +ip=127\\.0\\.0\\.1,port=" + fleet.ha.replica().port() + ",state=online");
      }
      default -> {
        assertThat(keyspace.text()).contains(" (primary)");
        assertThat(numbers(replication.text(), "connected_slaves +(\\d+)"))
            .containsExactlyInAnyOrder(1L, 0L, 0L);
        for (RedisServer p : primaries) {
          String heading = Pattern.quote("# " + address(p) + " (primary), ") + "\\d+ fields?\\s+";
          assertThat(numbers(keyspace.text(), heading + "db0 +keys=(\\d+)"))
              .as("the keyspace block of %s starts with its address", address(p))
              .singleElement()
              .satisfies(
                  n -> assertThat(n).isBetween(afterEach.get(p.port()), beforeEach.get(p.port())));
          assertThat(
                  numbers(replication.text(), heading + "role +master\\s+connected_slaves +(\\d+)"))
              .as("the replication block of %s: only the first primary has the replica", address(p))
              .containsExactly(p.port() == fleet.shard.nodes().get(0).port() ? 1L : 0L);
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("everyTarget")
  @DisplayName("/redis memory: the maxmemory set on each primary, the policy, MEMORY STATS")
  void memory(Adapter adapter, String target) {
    String limit = mib(DiagnosedFleet.MAXMEMORY.get(target));

    Shown memory = run(adapter, "redis memory", target).answer();

    int nodes = fleet.primaries(target).size();
    assertThat(count(memory.text(), "of maxmemory " + limit + " \\(\\d+ %\\)")).isEqualTo(nodes);
    assertThat(count(memory.text(), "policy noeviction")).isEqualTo(nodes);
    assertThat(numbers(memory.text(), "(\\d+) keys?, [\\d,]+ bytes per key")).hasSize(nodes);
    if (target.equals("shard")) {
      assertThat(memory.title())
          .matches(
              "shard: memory \\d+ % of 300 MiB \\(.* used\\) across 3 primaries, fullest"
                  + " 127\\.0\\.0\\.1:\\d+ at \\d+ %");
      for (RedisServer p : fleet.primaries(target)) {
        assertThat(memory.text())
            .containsPattern(
                under(address(p), "[\\d.]+ [KMG]?i?B of maxmemory 100 MiB \\(\\d+ %\\)\\s+policy"))
            .containsPattern("MEMORY DOCTOR \\([^)]*" + Pattern.quote(address(p)));
      }
    } else {
      assertThat(memory.title()).matches(target + ": memory \\d+ % of " + limit + " \\(.* used\\)");
    }
    assertThat(memory.text()).contains("MEMORY DOCTOR");
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("everyTarget")
  @DisplayName("/redis latency: measured PINGs and the provoked spike in LATENCY LATEST")
  void latency(Adapter adapter, String target) {
    Shown latency = run(adapter, "redis latency", target).answer();

    int nodes = fleet.primaries(target).size();
    assertThat(latency.title()).matches(target + ": PING p50 [\\d.]+ ms, p99 [\\d.]+ ms");
    assertThat(numbers(latency.text(), "Round trips \\((\\d+) PINGs\\)"))
        .hasSize(nodes)
        .allSatisfy(n -> assertThat(n).isBetween(1L, 200L));
    assertThat(
            count(latency.text(), "LATENCY LATEST \\(threshold " + DiagnosedFleet.SLOW_MS + " ms"))
        .isEqualTo(nodes);
    assertThat(numbers(latency.text(), "(?m)^\\s*command: latest \\d+ ms, .*; worst (\\d+) ms"))
        .as("the worst event of each primary: the 61 ms DEBUG SLEEP")
        .hasSize(nodes)
        .allSatisfy(worst -> assertThat(worst).isGreaterThanOrEqualTo(61));
    assertThat(latency.text()).contains("LATENCY DOCTOR");
    if (target.equals("shard")) {
      for (RedisServer p : fleet.primaries(target)) {
        String node = address(p) + " · ";
        assertThat(latency.text())
            .containsPattern(
                Pattern.quote(node + "Round trips (") + "\\d+ PINGs\\):?\\s+min [\\d.]+ ms")
            .containsPattern(
                under(
                    node + "LATENCY LATEST (threshold " + DiagnosedFleet.SLOW_MS + " ms)",
                    "command: latest \\d+ ms"))
            .contains(node + "LATENCY DOCTOR");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Adapter.class)
  @DisplayName("/redis latency with the monitor off says so and how to turn it on")
  void latencyMonitorOff(Adapter adapter) {
    Shown latency = run(adapter, "redis latency", "bulk").answer();

    assertThat(latency.text())
        .contains("latency-monitor-threshold is 0")
        .contains("CONFIG SET latency-monitor-threshold 100");
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("everyTarget")
  @DisplayName("/redis slowlog: the provoked DEBUG SLEEP with its duration and client, per node")
  void slowlog(Adapter adapter, String target) {
    Shown slowlog = run(adapter, "redis slowlog", target, "count", "20").answer();

    List<RedisServer> primaries = fleet.primaries(target);
    assertThat(count(slowlog.text(), "slowlog-log-slower-than 50 ms")).isEqualTo(primaries.size());
    List<Long> durations =
        numbers(slowlog.text(), "(\\d+) ms +\\S.*127\\.0\\.0\\.1:\\d+ +DEBUG SLEEP 0\\.061");
    assertThat(durations)
        .hasSize(primaries.size())
        .allSatisfy(ms -> assertThat(ms).isGreaterThanOrEqualTo(61));
    if (target.equals("shard")) {
      for (RedisServer p : primaries) {
        assertThat(slowlog.text())
            .containsPattern("\\[" + Pattern.quote(address(p)) + "] .*DEBUG SLEEP 0\\.061")
            .containsPattern(
                Pattern.quote(address(p))
                    + ": \\d+ entr(y|ies) kept, slowlog-log-slower-than 50 ms");
      }
    }
    assertThat(slowlog.title())
        .matches(
            target + ": slowest \\d+ ms of the \\d+ latest slow commands?( \\([\\d,]+ kept\\))?");
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("everyTarget")
  @DisplayName("/redis clients: totals vs maxclients and the named idle client, by idle and memory")
  void clients(Adapter adapter, String target) {
    int nodes = fleet.primaries(target).size();
    Shown idle = run(adapter, "redis clients", target).answer();
    Shown memory = run(adapter, "redis clients", target, "sort", "memory").answer();

    String named = " +127\\.0\\.0\\.1:\\d+ " + DiagnosedFleet.CLIENT_NAME + " user=default";
    for (Shown clients : List.of(idle, memory)) {
      assertThat(clients.title())
          .matches(
              target
                  + ": [\\d,]+ clients of "
                  + String.format("%,d", 10000 * nodes)
                  + " max \\(0 %\\), 0 blocked");
      assertThat(count(clients.text(), "connected of maxclients 10,000 \\(0 %\\)"))
          .isEqualTo(nodes);
      // one client of that name per node: "1 × name", or in the one line that says all differ
      assertThat(
              count(
                  clients.text(),
                  "(1 × |one client each: [^\\n]*)" + DiagnosedFleet.CLIENT_NAME + "\\b"))
          .isEqualTo(nodes);
    }
    assertThat(count(idle.text(), "idle [\\d.]+ [\\w ]+? +[\\d.]+ [KM]?i?B" + named))
        .as("sorted by idle time: idle first")
        .isEqualTo(nodes);
    assertThat(count(memory.text(), "[\\d.]+ [KM]?i?B +idle [\\d.]+ [\\w ]+?" + named))
        .as("sorted by memory: memory first")
        .isEqualTo(nodes);
    if (target.equals("shard")) {
      for (RedisServer p : fleet.primaries(target)) {
        String node = Pattern.quote(address(p));
        assertThat(idle.text())
            .as("each list of clients starts with its node; the oldest idle is the named one")
            .containsPattern("Oldest idle on " + node + ":\\s+idle [^\\n]*" + named)
            .containsPattern(under(address(p) + " · Totals", "[\\d,]+ connected of maxclients"))
            .containsPattern(
                under(
                    address(p) + " · By name",
                    "(.*\\n)*?.*(1 × |one client each: .*)" + DiagnosedFleet.CLIENT_NAME));
        assertThat(memory.text()).containsPattern("Most memory on " + node + ":");
      }
    } else {
      assertThat(count(idle.text(), "Oldest idle:")).isEqualTo(1);
      assertThat(count(memory.text(), "Most memory:")).isEqualTo(1);
    }
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("everyTarget")
  @DisplayName("/redis config: maxmemory as set on every primary; secrets never, whoever asks")
  void config(Adapter adapter, String target) {
    Shown maxmemory = run(adapter, "redis config", target, "param", "maxmemory").answer();
    Shown secret = run(adapter, "redis config", target, "param", "requirepass").answer();

    String limit = DiagnosedFleet.MAXMEMORY.get(target);
    String line = "maxmemory = " + limit + " (" + mib(limit) + ")";
    assertThat(maxmemory.title()).isEqualTo(target + ": " + line);
    assertThat(count(maxmemory.text(), Pattern.quote(line)))
        .isEqualTo(fleet.primaries(target).size() + 1);
    if (target.equals("shard")) {
      for (RedisServer p : fleet.primaries(target)) {
        assertThat(maxmemory.text())
            .containsPattern(under(address(p) + " (primary)", Pattern.quote(line)));
      }
    }
    assertThat(secret.text())
        .contains("requirepass is a secret; the bot never reads or shows it, whoever asks.");
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("everyTarget")
  @DisplayName("/redis bigkeys: exactly the user keys written, and the 777-item list the biggest")
  void bigkeys(Adapter adapter, String target) {
    int users = DiagnosedFleet.USER_KEYS.get(target);
    Shown matching = run(adapter, "redis bigkeys", target, "pattern", "user:*").answer();
    long before = dbSize(target);
    Shown all = run(adapter, "redis bigkeys", target, "limit", "3").answer();
    long after = dbSize(target);

    assertThat(matching.title())
        .startsWith(
            target + ": biggest keys by element count — " + String.format("%,d", users) + " keys");
    assertThat(matching.text())
        .contains("string — " + String.format("%,d", users) + " keys")
        .doesNotContain("feed:big");
    assertThat(numbers(all.title().replace(",", ""), "— (\\d+) keys scanned"))
        .singleElement()
        .satisfies(n -> assertThat(n).isBetween(after, before));
    assertThat(all.text()).containsPattern("\\d\\.\\s+777 items  feed:big");
    if (target.equals("shard")) {
      assertThat(all.text())
          .containsPattern(
              "777 items  feed:big  \\["
                  + Pattern.quote(address(fleet.nodeOwning("feed:big")))
                  + "]");
    }
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("everyTarget")
  @DisplayName("/redis queues: BullMQ's and RQ's own counts per state, depth and dead workers")
  void queues(Adapter adapter, String target) {
    boolean cluster = target.equals("shard");
    Shown queues =
        cluster
            ? run(adapter, "redis queues", target, "prefix", "{bull}").answer()
            : run(adapter, "redis queues", target).answer();

    JsonNode emails = fleet.bullmqCounts(target).path("emails");
    assertThat(queues.text())
        .as("emails row: wait paused active prioritized delayed waiting-children completed failed")
        .containsPattern(
            "emails"
                + row(
                    emails,
                    "wait",
                    "paused",
                    "active",
                    "prioritized",
                    "delayed",
                    "waiting-children",
                    "completed",
                    "failed")
                + " +1\\b");
    assertThat(queues.text())
        .containsPattern(
            "reports" + row(fleet.bullmqCounts(target).path("reports"), "wait", "paused"))
        .contains("depth 1,500 is over the threshold of 1,000")
        .contains("1 job in the stalled set")
        .doesNotContain("✖");
    if (cluster) {
      String node = address(fleet.nodeOwning("{bull}:emails:meta"));
      assertThat(queues.title())
          .isEqualTo("shard: 3 queues, 1,509 jobs waiting, 1 over depth 1,000");
      assertThat(queues.text())
          .as("every row and note names the node the queue lives on")
          .containsPattern("(?m)^\\s*emails .*  \\[" + Pattern.quote(node) + "]$")
          .containsPattern("(?m)^\\s*reports .*  \\[" + Pattern.quote(node) + "]$")
          .contains("▲ BullMQ {bull}:reports [" + node + "]");
      return;
    }
    JsonNode rq = fleet.rqCounts(target);
    assertThat(queues.text())
        .containsPattern(
            "default"
                + row(
                    rq.path("default"),
                    "queued",
                    "started",
                    "failed",
                    "finished",
                    "deferred",
                    "scheduled"))
        .contains("depth 1,200 is over the threshold of 1,000")
        .contains("1 started job abandoned");
    assertThat(queues.title())
        .isEqualTo(target + ": 6 queues, 2,714 jobs waiting, 2 over depth 1,000");
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("everyTarget")
  @DisplayName("/redis workers: the registration key and RQ's killed worker, with heartbeat ages")
  void workers(Adapter adapter, String target) {
    Shown workers = run(adapter, "redis workers", target).answer();

    assertThat(workers.text())
        .containsPattern(
            "✔ \\[worker:\\*] worker:mailer-1 — heartbeat [\\d.]+ (ms|s|min)[\\d s]* ago");
    if (target.equals("shard")) {
      assertThat(workers.title()).isEqualTo("shard: 1 worker registered");
      assertThat(workers.text())
          .containsPattern(
              "worker:mailer-1 — heartbeat .*  \\["
                  + Pattern.quote(address(fleet.nodeOwning("worker:mailer-1")))
                  + "]");
    } else {
      // killed mid-job: its job is past the heartbeat deadline, as /redis queues says
      assertThat(workers.title()).isEqualTo(target + ": 2 workers registered, 1 dead");
      assertThat(workers.text())
          .contains("[RQ] killed-worker — dead · busy with job ")
          .contains("past its heartbeat deadline");
    }
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("everyTarget")
  @DisplayName("/redis topology: role and replicas; Sentinel's master and quorum; cluster slots")
  void topology(Adapter adapter, String target) {
    Shown topology = run(adapter, "redis topology", target).answer();

    switch (target) {
      case "solo" -> {
        assertThat(topology.title()).isEqualTo("solo: master with 0 replicas");
        assertThat(topology.text()).contains("no replicas connected");
      }
      case "ha" -> {
        String master = address(fleet.ha.master());
        String replica = address(fleet.ha.replica());
        assertThat(topology.title()).isEqualTo("ha: master " + master + " per 1 of 1 sentinels");
        assertThat(topology.text())
            .contains(fleet.ha.sentinelAddress() + ": master " + master + " · OK 1 usable")
            .contains(replica + " slave, link ok")
            .contains("replica " + replica + " online, lag");
      }
      default -> {
        assertThat(topology.title())
            .isEqualTo("shard: 16,384 of 16,384 slots covered, 3 primaries, 1 replica");
        assertThat(topology.text())
            .contains("0 failed, 0 possibly failed")
            .containsPattern(
                "└ replica " + Pattern.quote(address(fleet.shard.nodes().get(3))) + " .*connected");
        for (RedisServer p : fleet.primaries(target)) {
          assertThat(topology.text()).containsPattern(Pattern.quote(address(p)) + " .* slots ");
        }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Adapter.class)
  @DisplayName("/redis targets: the four targets with their mode, address and status")
  void targets(Adapter adapter) {
    Shown targets = run(adapter, "redis targets", null).answer();

    assertThat(targets.title()).isEqualTo("4 of 4 targets up");
    assertThat(targets.text())
        .contains("✔ solo · standalone · up — " + address(fleet.solo))
        .contains("✔ ha · sentinel · up — " + address(fleet.ha.master()))
        .contains("✔ shard · cluster · up — 3 of 3 primaries answer")
        .contains("✔ bulk · standalone · up — " + address(fleet.bulk));
  }

  @ParameterizedTest(name = "{0}, {1}")
  @MethodSource("everyTarget")
  @DisplayName("/redis health: replication, queue depth, stuck jobs and worker findings")
  void health(Adapter adapter, String target) {
    Shown health = run(adapter, "redis health", target).answer();

    String limit = mib(DiagnosedFleet.MAXMEMORY.get(target));
    assertThat(health.text()).containsPattern("memory( \\[[^]]+])?: \\d+ % of " + limit);
    if (!target.equals("solo")) {
      assertThat(health.text())
          .containsPattern("replication( \\[[^]]+])?: 1 replica connected, worst lag");
    }
    long warnings = count(health.text(), "(?m)^\\s*▲ [a-z][a-z ]*( \\[[^]]+])?: ");
    long critical = count(health.text(), "(?m)^\\s*✖ [a-z][a-z ]*( \\[[^]]+])?: ");
    assertThat(health.title())
        .as("a healthy title says how many findings are over a threshold")
        .isEqualTo(
            target
                + ": healthy"
                + (critical + warnings == 0 ? "" : " · ")
                + (critical > 0 ? critical + " critical" + (warnings > 0 ? ", " : "") : "")
                + (warnings == 0 ? "" : warnings + (warnings == 1 ? " warning" : " warnings")));
    if (target.equals("shard")) {
      for (RedisServer p : fleet.primaries(target)) {
        assertThat(health.text())
            .as("each finding names its node")
            .containsPattern("memory \\[" + Pattern.quote(address(p)) + "]: \\d+ % of 100 MiB");
      }
      assertThat(health.text()).doesNotContain("could not be read");
      return;
    }
    assertThat(warnings).as("queue depth and stuck jobs at least").isGreaterThanOrEqualTo(2);
    assertThat(health.text())
        .contains(
            "queue depth: 6 queues, 2,714 jobs waiting; deepest BullMQ reports (1,500); 2 over the"
                + " threshold")
        .contains(
            "stuck jobs: 2 jobs stalled or abandoned, their workers died (BullMQ: active or stalled"
                + " without a lock; RQ: started, past the heartbeat deadline)")
        .contains("workers: 2 registered");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Adapter.class)
  @DisplayName(
      "/redis bigkeys over 300,000 keys of a busy server: progress edited in place, Stop ends it"
          + " early, said so")
  void bigkeysStopped(Adapter adapter) throws InterruptedException {
    Chat chat = chats.of(adapter);
    Shown progress;
    Shown stopping;
    Chat.Exchange scan;
    try (var busy = BusyRedis.start(fleet.bulk, Duration.ofMillis(20))) {
      scan = chat.send("victor", "redis bigkeys", Map.of("target", "bulk", "by", "memory"));
      progress =
          scan.await(m -> m.hasButton("Stop") && m.changes() >= 1, "a second progress update");
      stopping =
          chat.press(progress, "Stop", "bob")
              .await(m -> m.text().contains("Stopping"), "the Stop button's answer");
    }
    Shown done =
        scan.await(m -> m.title().endsWith("(stopped by bob)"), "the stopped scan's result");

    assertThat(progress.title())
        .contains("scanning for big keys by memory")
        .contains("of ~300,000 keys");
    assertThat(stopping.text()).contains("Stopping the big-keys scan of bulk (asked by bob)");
    assertThat(done.changes()).as("progress shown, then replaced by the result").isGreaterThan(1);
    assertThat(done.text()).contains("Stopped by bob: these are the biggest keys");
    assertThat(numbers(done.title().replace(",", ""), "— (\\d+) keys scanned"))
        .singleElement()
        .satisfies(n -> assertThat(n).isPositive().isLessThan(DiagnosedFleet.BULK_KEYS));
    assertThat(done.hasButton("Stop")).isFalse();
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /** The counts of a BullMQ/RQ row in the order the table shows them, as a regex tail. */
  private static String row(JsonNode counts, String... states) {
    var sb = new StringBuilder();
    for (String state : states) {
      sb.append(" +").append(String.format("%,d", counts.path(state).asLong()));
    }
    return sb.toString();
  }

  /** A field (Discord) or a heading line (console) named {@code heading}, then {@code regex}. */
  private static String under(String heading, String regex) {
    return Pattern.quote(heading) + ":?\\s+" + regex;
  }

  /** DBSIZE of each primary of {@code target}, by port. */
  private static Map<Integer, Long> dbSizes(String target) {
    var out = new java.util.HashMap<Integer, Long>();
    for (RedisServer p : fleet.primaries(target)) {
      try (Jedis j = p.client()) {
        out.put(p.port(), j.dbSize());
      }
    }
    return out;
  }

  private static long dbSize(String target) {
    long sum = 0;
    for (RedisServer p : fleet.primaries(target)) {
      try (Jedis j = p.client()) {
        sum += j.dbSize();
      }
    }
    return sum;
  }

  private static String address(RedisServer node) {
    return ClusterWithReplica.address(node);
  }

  private static String mib(String bytes) {
    return Long.parseLong(bytes) / (1024 * 1024) + " MiB";
  }

  private static int count(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static List<Long> numbers(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    var out = new ArrayList<Long>();
    while (m.find()) {
      out.add(Long.parseLong(m.group(1)));
    }
    return out;
  }

  private static long sum(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).sum();
  }
}
