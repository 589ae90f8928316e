package dev.incidentbot.redis.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.RunningJobs;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.redis.Mode;
import dev.incidentbot.redis.NodeCalls;
import dev.incidentbot.redis.NodeResolver;
import dev.incidentbot.redis.RedisEndpoint;
import dev.incidentbot.redis.RedisNodes;
import dev.incidentbot.redis.Secret;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.redis.Thresholds;
import dev.incidentbot.redis.bigkeys.BigKeysCommand;
import dev.incidentbot.testing.RedisCluster;
import dev.incidentbot.testing.RedisServer;
import dev.incidentbot.testing.Requests;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

@Tag("engines")
@DisplayName("Diagnostics on a real master + replica + sentinel, and on a real 3-primary cluster")
class SentinelAndClusterTest {
  private static final ExecutorService pool = Executors.newCachedThreadPool();
  private static final RedisNodes nodes = new RedisNodes();
  private static final NodeResolver resolver = new NodeResolver(pool);
  private static final NodeCalls calls = new NodeCalls(nodes, resolver, pool);

  private static RedisServer master;
  private static RedisServer replica;
  private static RedisServer sentinel;
  private static RedisCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    master = RedisServer.start();
    replica = RedisServer.start("--replicaof", "127.0.0.1", String.valueOf(master.port()));
    sentinel = RedisServer.sentinel("orders", master.port());
    cluster = RedisCluster.start(3);
    awaitReplicaKnown();
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {sentinel, replica, master, cluster}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception ignored) {
        // best effort
      }
    }
    pool.shutdownNow();
  }

  /** Sentinel learns replicas from the master's INFO, every 10 s at first: wait for it. */
  private static void awaitReplicaKnown() {
    Awaitility.await("sentinel sees the replica in sync")
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              try (Jedis j = sentinel.client()) {
                var known = j.sentinelReplicas("orders");
                return !known.isEmpty() && "ok".equals(known.get(0).get("master-link-status"));
              }
            });
  }

  private static Target sentinelTarget(List<String> sentinels) {
    return new Target(
        "orders",
        Mode.SENTINEL,
        RedisEndpoint.parse("redis://" + sentinels.get(0)),
        "orders",
        sentinels,
        List.of(),
        Duration.ofSeconds(1),
        Thresholds.DEFAULTS,
        Target.DEFAULT_PROTECTED,
        List.of());
  }

  private static Target clusterTarget() {
    return new Target(
        "shard",
        Mode.CLUSTER,
        RedisEndpoint.parse("redis://" + cluster.addresses().get(0)),
        null,
        cluster.addresses().subList(0, 2),
        List.of(),
        Duration.ofSeconds(2),
        Thresholds.DEFAULTS,
        Target.DEFAULT_PROTECTED,
        List.of());
  }

  @Test
  @DisplayName(
      "topology via sentinel: master address, CKQUORUM OK, the replica with link ok, lag 0")
  void sentinelTopology() {
    Target target = sentinelTarget(List.of("127.0.0.1:" + sentinel.port()));
    Reply reply =
        new TopologyCommand(new Targets(List.of(target)), calls)
            .handle(Requests.of("redis topology"), Progress.NONE);

    assertThat(reply.title())
        .isEqualTo("orders: master 127.0.0.1:" + master.port() + " per 1 of 1 sentinels");
    assertThat(field(reply, "Sentinels (CKQUORUM)")).contains("✔").contains("OK 1 usable");
    assertThat(field(reply, "Replicas known to Sentinel"))
        .contains("127.0.0.1:" + replica.port())
        .contains("link ok");
    assertThat(field(reply, "Master 127.0.0.1:" + master.port() + " says"))
        .contains("master, replication offset")
        .contains("replica 127.0.0.1:" + replica.port() + " online, lag");
    assertThat(reply.severity()).isEqualTo(Severity.OK);
  }

  @Test
  @DisplayName(
      "node commands on a sentinel target run on the master it names, even past a dead sentinel")
  void sentinelResolvesMaster() {
    int dead = RedisServer.freePort();
    Target target = sentinelTarget(List.of("127.0.0.1:" + dead, "127.0.0.1:" + sentinel.port()));
    Reply reply =
        new InfoCommand(new Targets(List.of(target)), calls)
            .handle(Requests.of("redis info", "section", "replication"), Progress.NONE);

    assertThat(reply.text()).contains("127.0.0.1:" + master.port() + " (master via sentinel)");
    assertThat(reply.codeBlocks().get(0).content()).containsPattern("role\\s+master");
  }

  @Test
  @DisplayName(
      "a sentinel with requirepass: the configured sentinel password is sent; without it, one"
          + " sentence says so")
  void sentinelPassword() {
    try (RedisServer guarded =
        RedisServer.sentinel("orders", master.port(), "requirepass s3ntinel-pw")) {
      Target without = sentinelTarget(List.of("127.0.0.1:" + guarded.port()));
      Target with = without.withSentinelPassword(new Secret("s3ntinel-pw"));
      var info = new InfoCommand(new Targets(List.of(with)), calls);

      Reply reply = info.handle(Requests.of("redis info", "section", "replication"), Progress.NONE);
      Reply refused =
          new InfoCommand(new Targets(List.of(without)), calls)
              .handle(Requests.of("redis info", "section", "replication"), Progress.NONE);

      assertThat(reply.text()).contains("127.0.0.1:" + master.port() + " (master via sentinel)");
      assertThat(refused.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(refused.text())
          .contains(
              "sentinel 127.0.0.1:"
                  + guarded.port()
                  + " of orders requires a password the bot was not given: set sentinelPassword")
          .doesNotContain("s3ntinel-pw");
      assertThat(with.toString()).doesNotContain("s3ntinel-pw");
    }
  }

  @Test
  @DisplayName("no sentinel answering: one sentence naming each sentinel, within the timeout")
  void noSentinel() {
    Target target = sentinelTarget(List.of("127.0.0.1:" + RedisServer.freePort()));
    long start = System.nanoTime();
    Reply reply =
        new MemoryCommand(new Targets(List.of(target)), calls)
            .handle(Requests.of("redis memory"), Progress.NONE);

    assertThat(reply.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(reply.text())
        .startsWith("none of the 1 sentinels of orders could name the master 'orders'")
        .contains("refused the connection");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
  }

  @Test
  @DisplayName("cluster topology: 3 primaries, all 16384 slots covered, no failed node")
  void clusterTopology() {
    Reply reply =
        new TopologyCommand(new Targets(List.of(clusterTarget())), calls)
            .handle(Requests.of("redis topology"), Progress.NONE);

    assertThat(reply.title())
        .isEqualTo("shard: 16,384 of 16,384 slots covered, 3 primaries, 0 replicas");
    assertThat(reply.text()).contains("0 failed, 0 possibly failed");
    String nodesTable = reply.codeBlocks().get(0).content();
    for (String address : cluster.addresses()) {
      assertThat(nodesTable).contains(address);
    }
    assertThat(nodesTable).contains("slots 0-5460 (5,461)");
  }

  @Test
  @DisplayName(
      "cluster: node-level commands run on every primary and say which node each came from")
  void clusterEveryPrimary() {
    Reply reply =
        new ConfigCommand(new Targets(List.of(clusterTarget())), calls)
            .handle(Requests.of("redis config", "param", "maxmemory-policy"), Progress.NONE);

    assertThat(reply.fields()).hasSize(3);
    assertThat(reply.fields())
        .extracting(Field::name)
        .containsExactlyInAnyOrderElementsOf(
            cluster.addresses().stream().map(a -> a + " (primary)").toList());
    assertThat(reply.fields())
        .allSatisfy(f -> assertThat(f.value()).isEqualTo("maxmemory-policy = noeviction"));
  }

  @Test
  @DisplayName("cluster bigkeys scans every primary: the biggest list is found wherever it lives")
  void clusterBigKeys() {
    var seeds = new HashSet<HostAndPort>();
    cluster.addresses().forEach(a -> seeds.add(HostAndPort.from(a)));
    try (var jc = new JedisCluster(seeds)) {
      for (int i = 0; i < 300; i++) {
        jc.set("user:" + i, "v" + i);
      }
      for (int i = 0; i < 3; i++) {
        String[] items = new String[100 * (i + 1)];
        java.util.Arrays.fill(items, "x");
        jc.rpush("feed:" + i, items);
      }
    }
    var command =
        new BigKeysCommand(
            new Targets(List.of(clusterTarget())), nodes, resolver, new RunningJobs(), pool);
    Reply reply = command.handle(Requests.of("redis bigkeys", "limit", "3"), Progress.NONE);

    assertThat(reply.title()).contains("303 keys scanned").doesNotContain("incomplete");
    String table = reply.codeBlocks().get(0).content();
    assertThat(table).contains("list — 3 keys, 600 items in all, average 200 items");
    assertThat(table).containsPattern("1\\.\\s+300 items  feed:2  \\[127\\.0\\.0\\.1:\\d+]");
    assertThat(table).contains("string — 300 keys");
  }

  private static String field(Reply reply, String name) {
    return reply.fields().stream()
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no field " + name + " in " + reply))
        .value();
  }
}
