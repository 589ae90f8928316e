package dev.incidentbot.recovery.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.recovery.Outcome;
import dev.incidentbot.recovery.Plan;
import dev.incidentbot.recovery.Risk;
import dev.incidentbot.redis.Mode;
import dev.incidentbot.redis.RedisEndpoint;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Thresholds;
import dev.incidentbot.testing.RedisCluster;
import dev.incidentbot.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.ClusterPipeline;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

@DisplayName(
    "Recovery actions on a real 3-primary cluster with a replica: every node (or every primary),"
        + " each node's numbers in the plan and the outcome")
class ClusterActionsTest {
  private static RedisCluster cluster;
  private static RedisServer replica;
  private static Target target;
  private static TargetConnector connector;

  @BeforeAll
  static void start() {
    cluster = RedisCluster.start(3);
    replica = cluster.addReplica(0);
    target = clusterTarget("shard", cluster);
    connector = Actions.connector(target);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  /** Every test starts from empty nodes with default limits and no slow log. */
  @BeforeEach
  void clean() {
    for (RedisServer node : cluster.nodes()) {
      try (Jedis j = node.client()) {
        j.flushAll();
      }
    }
    for (RedisServer node : all()) {
      try (Jedis j = node.client()) {
        j.configSet("maxmemory", "0");
        j.configSet("maxmemory-policy", "noeviction");
        j.slowlogReset();
      }
    }
    awaitReplicaCaughtUp();
  }

  static Target clusterTarget(String name, RedisCluster c) {
    return new Target(
        name,
        Mode.CLUSTER,
        RedisEndpoint.parse("redis://" + c.addresses().get(0)),
        null,
        c.addresses(),
        List.of(),
        Duration.ofSeconds(2),
        Thresholds.DEFAULTS,
        Target.DEFAULT_PROTECTED,
        List.of());
  }

  private static List<RedisServer> all() {
    var nodes = new ArrayList<>(cluster.nodes());
    nodes.add(replica);
    return nodes;
  }

  private static String address(RedisServer node) {
    return "127.0.0.1:" + node.port();
  }

  private static JedisCluster client(RedisCluster c) {
    var seeds = new HashSet<HostAndPort>();
    c.addresses().forEach(a -> seeds.add(HostAndPort.from(a)));
    return new JedisCluster(seeds);
  }

  private static void fill(JedisCluster j, String prefix, int n) {
    try (ClusterPipeline p = j.pipelined()) {
      for (int i = 0; i < n; i++) {
        p.set(prefix + i, "v" + i);
      }
      p.sync();
    }
  }

  /** How many keys matching {@code pattern} the node holds, by SCAN on that node. */
  private static long count(RedisServer node, String pattern) {
    long n = 0;
    try (Jedis j = node.client()) {
      String cursor = ScanParams.SCAN_POINTER_START;
      do {
        ScanResult<String> page = j.scan(cursor, new ScanParams().match(pattern).count(1000));
        n += page.getResult().size();
        cursor = page.getCursor();
      } while (!"0".equals(cursor));
    }
    return n;
  }

  private static void awaitReplicaCaughtUp() {
    try (Jedis p = cluster.nodes().get(0).client()) {
      p.waitReplicas(1, 5000);
    }
  }

  private static Field field(Outcome outcome, String name) {
    return outcome.evidence().stream()
        .filter(f -> f.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no evidence " + name + " in " + outcome));
  }

  @Test
  @DisplayName(
      "purge cache:* on all 3 primaries while a client keeps writing: exactly the matching keys"
          + " go, counted per node in the plan and the outcome")
  void purgeWhileWriting() throws Exception {
    try (JedisCluster j = client(cluster)) {
      fill(j, "cache:", 3000);
      fill(j, "user:", 1000);
    }
    var action = new PurgeKeysAction(connector);

    Plan plan = action.plan(Actions.request("redis purge", "pattern", "cache:*"));

    assertThat(plan.targetRole()).isEqualTo("cluster: 3 primaries");
    assertThat(plan.matches()).startsWith("3,000 of 4,000 keys (full scan) on 3 primaries:");
    long planned = 0;
    for (RedisServer node : cluster.nodes()) {
      long here = count(node, "cache:*");
      assertThat(here).as("keys spread over every primary").isGreaterThan(500);
      assertThat(plan.matches())
          .contains(
              String.format(Locale.ROOT, "%s (primary): %,d of ", address(node), here)
                  + String.format(
                      Locale.ROOT, "%,d keys (full scan)", here + count(node, "user:*")));
      planned += here;
    }
    assertThat(planned).isEqualTo(3000);
    assertThat(plan.willRun()).first().asString().contains(String.join(", ", cluster.addresses()));
    assertThat(plan.willRun()).anyMatch(l -> l.contains("each key of a batch UNLINKed on its own"));
    assertThat(plan.samples())
        .hasSize(6)
        .allMatch(s -> s.matches("127\\.0\\.0\\.1:\\d+ cache:\\d+"));
    assertThat(plan.risk()).isEqualTo(Risk.HIGH); // 3,000 of 4,000 keys: more than half

    var writing = new AtomicBoolean(true);
    var written = new AtomicLong();
    Thread writer =
        new Thread(
            () -> {
              try (JedisCluster w = client(cluster)) {
                while (writing.get()) {
                  w.set("user:w:" + written.get(), "x");
                  written.incrementAndGet();
                }
              }
            });
    writer.start();
    Outcome outcome;
    try {
      outcome = action.execute(plan, Progress.NONE);
    } finally {
      writing.set(false);
      writer.join();
    }

    assertThat(outcome.succeeded()).as(outcome.headline()).isTrue();
    assertThat(outcome.headline()).isEqualTo("removed 3,000 keys from the 3 primaries of shard");
    assertThat(field(outcome, "Keys removed (all nodes)").value()).isEqualTo("3,000");
    assertThat(field(outcome, "Nodes").value())
        .isEqualTo(
            "3 primaries: "
                + String.join(" · ", cluster.addresses().stream().map(a -> a + " done").toList()));
    long reported = 0;
    for (RedisServer node : cluster.nodes()) {
      String text = field(outcome, address(node) + " (primary)").value();
      Matcher m =
          Pattern.compile("^done: removed ([\\d,]+) keys from " + address(node)).matcher(text);
      assertThat(m.find()).as(text).isTrue();
      reported += Long.parseLong(m.group(1).replace(",", ""));
      assertThat(count(node, "cache:*")).as("cache keys left on " + address(node)).isZero();
    }
    assertThat(reported).isEqualTo(3000);
    awaitReplicaCaughtUp();
    assertThat(count(replica, "cache:*")).as("the replica followed its primary").isZero();
    long users = cluster.nodes().stream().mapToLong(n -> count(n, "user:*")).sum();
    assertThat(users).isEqualTo(1000 + written.get());
  }

  @Test
  @DisplayName("purge on a cluster: protected patterns are still refused, nothing is planned")
  void protectedOnCluster() {
    var action = new PurgeKeysAction(connector);
    assertThatThrownBy(() -> action.plan(Actions.request("redis purge", "pattern", "bull:*")))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("protected pattern bull:*");
    assertThatThrownBy(() -> action.plan(Actions.request("redis purge", "pattern", "*")))
        .hasMessageContaining("matches every key");
  }

  @Test
  @DisplayName(
      "purge stopped on the first primary: the others are not run, and the outcome says so")
  void purgeStopped() {
    try (JedisCluster j = client(cluster)) {
      fill(j, "cache:", 6000);
    }
    var action = new PurgeKeysAction(connector);
    Plan plan = action.plan(Actions.request("redis purge", "pattern", "cache:*"));
    var pressed = new AtomicBoolean();
    Progress stopAfterFirstBatch =
        new Progress() {
          @Override
          public void update(Reply interim) {
            pressed.set(true);
          }

          @Override
          public boolean stopRequested() {
            return pressed.get();
          }
        };

    Outcome outcome = action.execute(plan, stopAfterFirstBatch);

    String first = cluster.addresses().get(0);
    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.changed()).isTrue();
    assertThat(outcome.headline())
        .matches(
            "removed [\\d,]+ keys from the 3 primaries of shard, finished on 0 of 3 nodes;"
                + " stopped on "
                + Pattern.quote(first)
                + "; not run on "
                + Pattern.quote(cluster.addresses().get(1) + ", " + cluster.addresses().get(2)));
    assertThat(field(outcome, first + " (primary)").value())
        .startsWith("stopped: stopped on request after removing ");
    assertThat(field(outcome, cluster.addresses().get(2) + " (primary)").value())
        .isEqualTo("not run: stopped before it");
    assertThat(count(cluster.nodes().get(2), "cache:*")).isGreaterThan(1000);
  }

  @Test
  @DisplayName(
      "a primary dies part-way through the purge: the outcome says which nodes were done, which"
          + " failed, and the keys removed so far")
  void purgeLosesANode() {
    try (RedisCluster own = RedisCluster.start(3)) {
      try (JedisCluster j = client(own)) {
        fill(j, "cache:", 3000);
      }
      RedisServer second = own.nodes().get(1);
      var action = new PurgeKeysAction(Actions.connector(clusterTarget("doomed", own)));
      Plan plan = action.plan(Actions.request("redis purge", "pattern", "cache:*"));
      Progress killSecondMidway =
          new Progress() {
            @Override
            public void update(Reply interim) {
              boolean onSecond =
                  interim.fields().stream()
                      .anyMatch(f -> f.name().equals("Node") && f.value().startsWith("2 of 3"));
              if (onSecond) {
                second.kill();
              }
            }
          };

      Outcome outcome = action.execute(plan, killSecondMidway);

      String secondAddress = address(second);
      assertThat(outcome.succeeded()).isFalse();
      assertThat(outcome.changed()).isTrue();
      assertThat(outcome.headline())
          .endsWith("finished on 2 of 3 nodes; failed on " + secondAddress);
      String failed = field(outcome, secondAddress + " (primary)").value();
      Matcher m =
          Pattern.compile("^failed: stopped after removing (\\d+) keys: doomed \\(" + secondAddress)
              .matcher(failed);
      assertThat(m.find()).as(failed).isTrue();
      long onSecond = Long.parseLong(m.group(1));
      assertThat(onSecond).as("one batch was done there before it died").isPositive();
      long others = 0;
      for (RedisServer node : List.of(own.nodes().get(0), own.nodes().get(2))) {
        assertThat(field(outcome, address(node) + " (primary)").value()).startsWith("done: ");
        assertThat(count(node, "cache:*")).isZero();
      }
      assertThat(field(outcome, "Keys removed (all nodes)").value().replace(",", ""))
          .isEqualTo(String.valueOf(3000 - (countOnDead(plan, secondAddress) - onSecond)));
    }
  }

  /** What the plan counted on a node that is gone now. */
  private static long countOnDead(Plan plan, String address) {
    Matcher m =
        Pattern.compile(Pattern.quote(address) + " \\(primary\\): ([\\d,]+) of")
            .matcher(plan.matches());
    assertThat(m.find()).as(plan.matches()).isTrue();
    return Long.parseLong(m.group(1).replace(",", ""));
  }

  @Test
  @DisplayName(
      "kill-clients name:worker on every node, the replica too; web clients, the bot and the"
          + " replication link stay")
  void killClientsEverywhere() {
    var workers = new ArrayList<Jedis>();
    var web = new ArrayList<Jedis>();
    try {
      for (RedisServer node : all()) {
        for (int i = 0; i < 2; i++) {
          Jedis w = node.client();
          w.clientSetname("worker");
          workers.add(w);
        }
        Jedis other = node.client();
        other.clientSetname("web");
        web.add(other);
      }
      var action = new KillClientsAction(connector);

      Plan plan = action.plan(Actions.request("redis kill-clients", "name", "worker"));

      assertThat(plan.targetRole()).isEqualTo("cluster: 3 primaries and 1 replica");
      assertThat(plan.matches())
          .startsWith("8 of ")
          .contains("clients match on 3 primaries and 1 replica");
      for (RedisServer node : all()) {
        assertThat(plan.matches()).contains(address(node) + " (").contains(address(node));
      }
      assertThat(plan.matches())
          .contains(
              address(replica) + " (replica of " + address(cluster.nodes().get(0)) + "): 2 of")
          .contains("replication link");
      assertThat(plan.willRun().get(0)).contains(address(replica));

      Outcome outcome = action.execute(plan, Progress.NONE);

      assertThat(outcome.succeeded()).as(outcome.headline()).isTrue();
      assertThat(outcome.headline())
          .isEqualTo("killed 8 client connections on the 3 primaries and 1 replica of shard");
      assertThat(field(outcome, "Clients killed (all nodes)").value()).isEqualTo("8");
      assertThat(
              field(
                      outcome,
                      address(replica) + " (replica of " + address(cluster.nodes().get(0)) + ")")
                  .value())
          .startsWith("done: killed 2 client connections on " + address(replica));
      for (RedisServer node : all()) {
        try (Jedis check = node.client()) {
          String list = check.clientList();
          assertThat(list).as(address(node)).doesNotContain("name=worker").contains("name=web");
        }
      }
      try (Jedis r = replica.client()) {
        assertThat(r.info("replication")).contains("master_link_status:up");
      }
      web.forEach(j -> assertThat(j.ping()).isEqualTo("PONG"));
    } finally {
      workers.forEach(Jedis::close);
      web.forEach(Jedis::close);
    }
  }

  @Test
  @DisplayName(
      "set-maxmemory on every node, the replica too; a CONFIG REWRITE that fails is reported per"
          + " node; below used memory is high risk, judged on each primary")
  void setMaxmemoryEverywhere() {
    var action = new SetMaxmemoryAction(connector);

    Plan plan = action.plan(Actions.request("redis set-maxmemory", "bytes", "512mb"));

    assertThat(plan.willRun().get(0))
        .startsWith("CONFIG SET maxmemory 536870912 on each of the 3 primaries and 1 replica (")
        .contains(address(replica));
    assertThat(plan.effect()).startsWith("maxmemory no limit → ").contains(" on each node");
    assertThat(plan.risk()).isEqualTo(Risk.MEDIUM);
    assertThat(plan.matches().lines()).hasSize(4);

    Outcome outcome = action.execute(plan, Progress.NONE);

    assertThat(outcome.succeeded()).as(outcome.headline()).isTrue();
    assertThat(outcome.headline())
        .isEqualTo("maxmemory set to 512 MiB on the 3 primaries and 1 replica of shard");
    for (RedisServer node : all()) {
      try (Jedis j = node.client()) {
        assertThat(j.configGet("maxmemory"))
            .as(address(node))
            .containsEntry("maxmemory", "536870912");
      }
      assertThat(outcome.evidence())
          .anySatisfy(
              f -> {
                assertThat(f.name()).startsWith(address(node) + " (");
                assertThat(f.value())
                    .startsWith("done: maxmemory is now 512 MiB on " + address(node));
              });
    }

    Plan rewrite =
        action.plan(Actions.request("redis set-maxmemory", "bytes", "256mb", "rewrite", "true"));
    Outcome noConfigFile = action.execute(rewrite, Progress.NONE);

    assertThat(noConfigFile.succeeded()).isFalse();
    assertThat(noConfigFile.changed()).isTrue();
    assertThat(noConfigFile.headline())
        .isEqualTo(
            "maxmemory set to 256 MiB and written to the config file on the 3 primaries and 1 replica of"
                + " shard, finished on 0 of 4 nodes; failed on "
                + String.join(", ", all().stream().map(ClusterActionsTest::address).toList()));
    for (RedisServer node : all()) {
      try (Jedis j = node.client()) {
        assertThat(j.configGet("maxmemory")).containsEntry("maxmemory", "268435456");
      }
    }
    assertThat(noConfigFile.evidence())
        .filteredOn(f -> f.name().startsWith("127.0.0.1:"))
        .hasSize(4)
        .allSatisfy(
            f ->
                assertThat(f.value())
                    .startsWith("failed: maxmemory is now 256 MiB, but CONFIG REWRITE failed"));

    Plan below = action.plan(Actions.request("redis set-maxmemory", "bytes", "1mb"));
    assertThat(below.risk()).isEqualTo(Risk.HIGH);
    assertThat(below.riskReason())
        .startsWith("on primary 127.0.0.1:")
        .contains("noeviction")
        .contains("fail with OOM errors");
  }

  @Test
  @DisplayName(
      "set-policy allkeys-lru on every node; with a session key on one primary it is high risk and"
          + " names that node")
  void setPolicyEverywhere() {
    String owner;
    try (JedisCluster j = client(cluster)) {
      j.set("session:alice", "token");
    }
    try (Jedis any = cluster.nodes().get(0).client()) {
      long slot = any.clusterKeySlot("session:alice");
      owner =
          cluster.addresses().stream()
              .filter(
                  a -> {
                    try (Jedis j = new Jedis(HostAndPort.from(a))) {
                      return j.clusterCountKeysInSlot((int) slot) > 0;
                    }
                  })
              .findFirst()
              .orElseThrow();
    }
    var action = new SetPolicyAction(connector);

    Plan plan = action.plan(Actions.request("redis set-policy", "policy", "allkeys-lru"));
    Outcome outcome = action.execute(plan, Progress.NONE);

    assertThat(plan.risk()).isEqualTo(Risk.HIGH);
    assertThat(plan.riskReason()).contains("session:alice on " + owner);
    assertThat(outcome.succeeded()).as(outcome.headline()).isTrue();
    for (RedisServer node : all()) {
      try (Jedis j = node.client()) {
        assertThat(j.configGet("maxmemory-policy"))
            .as(address(node))
            .containsEntry("maxmemory-policy", "allkeys-lru");
      }
    }
  }

  @Test
  @DisplayName("persist bgsave on every primary, one after another, each waited for and reported")
  void persistEveryPrimary() {
    var savesBefore = new ArrayList<Long>();
    for (RedisServer node : cluster.nodes()) {
      try (Jedis j = node.client()) {
        savesBefore.add(rdbSaves(j));
      }
    }
    var action = new PersistAction(connector);

    Plan plan = action.plan(Actions.request("redis persist", "op", "bgsave"));
    Outcome outcome = action.execute(plan, Progress.NONE);

    assertThat(plan.willRun().get(0)).startsWith("BGSAVE on each of the 3 primaries (");
    assertThat(plan.matches().lines()).hasSize(3).allMatch(l -> l.contains("(primary): dataset"));
    assertThat(plan.persistence().lines()).hasSize(3);
    assertThat(outcome.succeeded()).as(outcome.headline()).isTrue();
    assertThat(outcome.headline()).isEqualTo("BGSAVE on the 3 primaries of shard");
    for (int i = 0; i < 3; i++) {
      RedisServer node = cluster.nodes().get(i);
      try (Jedis j = node.client()) {
        assertThat(rdbSaves(j)).as(address(node)).isGreaterThan(savesBefore.get(i));
        assertThat(j.info("persistence")).contains("rdb_last_bgsave_status:ok");
      }
      assertThat(field(outcome, address(node) + " (primary)").value())
          .startsWith("done: BGSAVE finished successfully on " + address(node))
          .contains("rdb_last_bgsave_status: ok");
    }
  }

  private static long rdbSaves(Jedis j) {
    return j.info("persistence")
        .lines()
        .filter(l -> l.startsWith("rdb_saves:"))
        .map(l -> Long.parseLong(l.substring("rdb_saves:".length()).strip()))
        .findFirst()
        .orElseThrow();
  }

  @Test
  @DisplayName("slowlog-reset and memory-purge on every node, each node's numbers reported")
  void slowlogAndMemoryPurge() {
    for (RedisServer node : all()) {
      try (Jedis j = node.client()) {
        j.configSet("slowlog-log-slower-than", "0");
        j.ping();
        j.dbSize();
        j.configSet("slowlog-log-slower-than", "10000");
      }
    }
    var reset = new SlowlogResetAction(connector);

    Plan plan = reset.plan(Actions.request("redis slowlog-reset"));
    Outcome outcome = reset.execute(plan, Progress.NONE);

    assertThat(plan.matches()).contains(address(replica) + " ");
    assertThat(plan.samples()).anyMatch(s -> s.startsWith(address(replica) + " "));
    assertThat(outcome.succeeded()).as(outcome.headline()).isTrue();
    assertThat(outcome.headline())
        .startsWith("slow logs of the 3 primaries and 1 replica of shard reset (");
    for (RedisServer node : all()) {
      try (Jedis j = node.client()) {
        assertThat(j.slowlogLen()).as(address(node)).isZero();
      }
    }

    var purge = new MemoryPurgeAction(connector);
    Plan purgePlan = purge.plan(Actions.request("redis memory-purge"));
    Outcome purged = purge.execute(purgePlan, Progress.NONE);

    assertThat(purgePlan.matches().lines()).hasSize(4).allMatch(l -> l.contains("used_memory_rss"));
    assertThat(purged.succeeded()).as(purged.headline()).isTrue();
    assertThat(purged.headline())
        .isEqualTo("MEMORY PURGE ran on the 3 primaries and 1 replica of shard");
    for (RedisServer node : all()) {
      assertThat(purged.evidence())
          .anySatisfy(
              f -> {
                assertThat(f.name()).startsWith(address(node) + " (");
                assertThat(f.value()).startsWith("done: MEMORY PURGE ran on " + address(node));
              });
    }
  }
}
