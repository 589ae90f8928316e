package dev.incidentbot.bot.endtoend;

import static dev.incidentbot.bot.endtoend.Flow.evidence;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.discord.fake.FakeDiscordExtension;
import dev.incidentbot.redis.ClusterNode;
import dev.incidentbot.testing.ClusterWithReplica;
import dev.incidentbot.testing.Producers;
import dev.incidentbot.testing.RedisServer;
import dev.incidentbot.testing.SentinelGroup;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.params.ScanParams;

@DisplayName(
    "Failover confirmed in the console and in Discord on Sentinel and Cluster; every other"
        + " changing action planned, confirmed and proven on the cluster's nodes")
class FailoverEndToEndTest {
  static final SentinelGroup ha = SentinelGroup.start("orders");
  static final ClusterWithReplica shard = ClusterWithReplica.start();

  @RegisterExtension
  static final FakeDiscordExtension discord =
      FakeDiscordExtension.withTargets(
              () ->
                  "targets:\n"
                      + "  - name: ha\n    mode: sentinel\n    master: orders\n    nodes: [\""
                      + ha.sentinelAddress()
                      + "\"]\n"
                      + "  - name: shard\n    mode: cluster\n    nodes: [\""
                      + String.join("\", \"", shard.seedAddresses())
                      + "\"]\n"
                      + "    bullmqPrefixes: [\"{bull}\"]\n")
          .build();

  static Chats chats;

  @BeforeAll
  static void chats() {
    chats = Chats.on(discord);
    // real BullMQ queues on the cluster, through BullMQ's own cluster client
    Producers.bullmqOnCluster(shard.nodes().get(1).port(), "{bull}");
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (chats != null) {
      chats.close();
    }
    shard.close();
    ha.close();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Adapter.class)
  @DisplayName(
      "Sentinel: the replica becomes master with the data, the old master follows it, per ROLE")
  void sentinel(Adapter adapter) {
    ha.awaitReplicaInSync();
    RedisServer before = ha.master();
    RedisServer after = ha.replica();
    try (Jedis m = before.client()) {
      m.set("order:" + adapter, "paid");
      assertThat(m.waitReplicas(1, 5000)).as("the write reached the replica").isEqualTo(1);
    }
    String from = address(before);
    String to = address(after);

    Flow flow = Flow.confirmed(chats.of(adapter), "redis failover", Map.of("target", "ha"));

    assertThat(flow.plan().buttons()).first().isEqualTo(Flow.CONFIRM_HIGH_RISK);
    assertThat(flow.plan().text())
        .contains("SENTINEL FAILOVER orders on " + ha.sentinelAddress())
        .contains("master " + from);
    assertThat(flow.outcome().title()).isEqualTo("Done: master of ha moved " + from + " → " + to);
    assertThat(flow.outcome().text())
        .containsPattern(evidence("Master", from + " → " + to))
        .containsPattern(evidence("ROLE of " + from, "slave of " + to));
    assertThat(ha.master()).isSameAs(after);
    try (Jedis now = after.client();
        Jedis old = before.client()) {
      assertThat(now.role().get(0)).isEqualTo("master");
      assertThat(now.get("order:" + adapter)).isEqualTo("paid");
      assertThat(old.role().get(0)).isEqualTo("slave");
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Adapter.class)
  @DisplayName("Cluster: CLUSTER FAILOVER on the named primary's replica swaps their roles")
  void cluster(Adapter adapter) {
    shard.awaitReplicaSeen();
    RedisServer primary = shard.primaryWithReplica().orElseThrow();
    RedisServer replica = shard.other(primary);
    Chat chat = chats.of(adapter);

    Shown which = chat.send("alice", "redis failover", Map.of("target", "shard")).answer();
    Flow flow =
        Flow.confirmed(
            chat, "redis failover", Map.of("target", "shard", "primary", address(primary)));

    assertThat(which.text())
        .contains("Which primary of cluster shard should be replaced? Add primary:<host:port>")
        .contains(address(primary));
    assertThat(flow.outcome().title())
        .isEqualTo("Done: " + address(replica) + " replaced " + address(primary) + " as primary");
    assertThat(flow.outcome().text())
        .containsPattern(evidence("Primary", address(primary) + " → " + address(replica)));
    try (Jedis r = replica.client();
        Jedis p = primary.client()) {
      assertThat(r.role().get(0)).isEqualTo("master");
      assertThat(p.role().get(0)).isEqualTo("slave");
    }
  }

  static Stream<Arguments> changingActions() {
    List<List<String>> actions =
        List.of(
            List.of("redis purge", "pattern", "cache:*"),
            List.of("redis kill-clients", "name", "legacy-app"),
            List.of("redis set-maxmemory", "bytes", "1gb"),
            List.of("redis set-policy", "policy", "allkeys-lru"),
            List.of("redis persist", "op", "bgsave"),
            List.of("redis memory-purge"),
            List.of("redis slowlog-reset"),
            List.of("redis trim", "queue", "emails", "state", "completed", "keep", "1"),
            List.of("redis requeue", "queue", "emails", "state", "failed"));
    return Stream.of(Adapter.values())
        .flatMap(a -> actions.stream().map(action -> Arguments.of(a, action)));
  }

  @ParameterizedTest(name = "{0}: /{1}")
  @MethodSource("changingActions")
  @DisplayName(
      "Cluster: every other changing action is planned for the channel, naming the cluster's"
          + " nodes; Cancel leaves it unrun")
  void plannedOnCluster(Adapter adapter, List<String> action) throws Exception {
    shard.awaitReplicaSeen();
    var options = new LinkedHashMap<String, String>();
    for (int i = 1; i + 1 < action.size(); i += 2) {
      options.put(action.get(i), action.get(i + 1));
    }
    options.put("target", "shard");
    Chat chat = chats.of(adapter);

    Shown plan;
    Shown cancelled;
    // something for each action to act on: an action that would change nothing plans nothing
    try (var legacy = somethingToChange()) {
      plan = Flow.plan(chat, action.get(0), options);
      cancelled =
          chat.press(plan, "Cancel", "alice")
              .await(m -> m.title().startsWith("Cancelled:"), "the cancellation");
    }

    assertThat(plan.text()).contains("cluster: ");
    boolean queue = action.get(0).equals("redis trim") || action.get(0).equals("redis requeue");
    if (queue) {
      assertThat(plan.text()).contains("the primary serving slot").contains("{bull}:emails:");
    } else {
      assertThat(plan.text()).contains(String.join(", ", primaries()));
    }
    assertThat(cancelled.text()).contains("Nothing was run.");
  }

  /**
   * Keys under cache:planned: on several slots, a slow-log entry on one primary and a client named
   * legacy-app there; the keys and the client go when closed.
   */
  private static AutoCloseable somethingToChange() {
    RedisServer node = shard.nodes().get(0);
    try (JedisCluster j = shard.client()) {
      for (int i = 0; i < 20; i++) {
        j.set("cache:planned:" + i, "v");
      }
    }
    try (Jedis n = node.client()) {
      String before = n.configGet("slowlog-log-slower-than").get("slowlog-log-slower-than");
      n.configSet("slowlog-log-slower-than", "0");
      n.ping();
      n.configSet("slowlog-log-slower-than", before);
    }
    Jedis legacy = node.client();
    legacy.clientSetname("legacy-app");
    return () -> {
      legacy.close();
      try (JedisCluster j = shard.client()) {
        for (int i = 0; i < 20; i++) {
          j.del("cache:planned:" + i);
        }
      }
    };
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Adapter.class)
  @DisplayName(
      "Cluster: purge cache:* confirmed by bob removes exactly the matching keys on every primary,"
          + " each node's count in the plan and the outcome")
  void purgeOnCluster(Adapter adapter) {
    shard.awaitReplicaSeen();
    String prefix = "cache:" + adapter.name().toLowerCase(Locale.ROOT) + ":";
    try (JedisCluster j = shard.client()) {
      for (int i = 0; i < 300; i++) {
        j.set(prefix + i, "v");
        j.set("user:" + adapter + ":" + i, "kept");
      }
    }

    Flow flow =
        Flow.confirmed(
            chats.of(adapter), "redis purge", Map.of("target", "shard", "pattern", prefix + "*"));

    assertThat(flow.plan().text()).contains("300 of ").contains("on 3 primaries");
    assertThat(flow.outcome().title())
        .isEqualTo("Done: removed 300 keys from the 3 primaries of shard");
    long reported = 0;
    for (String primary : primaries()) {
      Matcher m =
          Pattern.compile(Pattern.quote(primary) + " \\(primary\\):?\\s+done: removed (\\d+) keys")
              .matcher(flow.outcome().text());
      assertThat(m.find()).as(flow.outcome().text()).isTrue();
      reported += Long.parseLong(m.group(1));
      try (Jedis node = new Jedis(HostAndPort.from(primary))) {
        assertThat(node.scan("0", new ScanParams().match(prefix + "*").count(10_000)).getResult())
            .as("matching keys left on " + primary)
            .isEmpty();
      }
    }
    assertThat(reported).isEqualTo(300);
    try (JedisCluster j = shard.client()) {
      for (int i = 0; i < 300; i++) {
        assertThat(j.exists("user:" + adapter + ":" + i)).isTrue();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Adapter.class)
  @DisplayName("Cluster: set-maxmemory confirmed by bob is set on all four nodes, the replica too")
  void setMaxmemoryOnCluster(Adapter adapter) {
    shard.awaitReplicaSeen();
    String bytes = adapter == Adapter.CONSOLE ? "1gb" : "2gb";
    String expected = adapter == Adapter.CONSOLE ? "1073741824" : "2147483648";
    String readable = adapter == Adapter.CONSOLE ? "1.0 GiB" : "2.0 GiB";
    try {
      Flow flow =
          Flow.confirmed(
              chats.of(adapter), "redis set-maxmemory", Map.of("target", "shard", "bytes", bytes));

      assertThat(flow.plan().text()).contains("on each of the 3 primaries and 1 replica");
      assertThat(flow.outcome().title())
          .isEqualTo(
              "Done: maxmemory set to " + readable + " on the 3 primaries and 1 replica of shard");
      for (RedisServer node : shard.nodes()) {
        assertThat(flow.outcome().text())
            .contains("done: maxmemory is now " + readable + " on " + address(node));
        try (Jedis j = node.client()) {
          assertThat(j.configGet("maxmemory"))
              .as(address(node))
              .containsEntry("maxmemory", expected);
        }
      }
    } finally {
      for (RedisServer node : shard.nodes()) {
        try (Jedis j = node.client()) {
          j.configSet("maxmemory", "0");
        }
      }
    }
  }

  @Test
  @DisplayName(
      "Cluster, Discord: trim of a real BullMQ queue under {bull} runs on the primary serving its"
          + " slot and says so")
  void trimOnCluster() {
    shard.awaitReplicaSeen();
    Flow flow =
        Flow.confirmed(
            chats.of(Adapter.DISCORD),
            "redis trim",
            Map.of("target", "shard", "queue", "emails", "state", "failed", "keep", "1"));

    assertThat(flow.plan().text()).contains("1 of 2 failed jobs of BullMQ queue emails");
    assertThat(flow.outcome().title())
        .isEqualTo("Done: removed 1 failed job of BullMQ queue emails");
    assertThat(flow.outcome().text()).contains("the primary serving slot");
    try (JedisCluster j = shard.client()) {
      assertThat(j.zcard("{bull}:emails:failed")).isEqualTo(1);
    }
  }

  /** The cluster's primaries now, by their first slot, as plans list them. */
  private static List<String> primaries() {
    RuntimeException last = null;
    for (String seed : shard.seedAddresses()) {
      try (Jedis j = new Jedis(HostAndPort.from(seed))) {
        return ClusterNode.parseAll(j.clusterNodes()).stream()
            .filter(n -> n.primary() && n.slotCount() > 0)
            .sorted(Comparator.comparingInt(n -> n.slots().get(0)[0]))
            .map(ClusterNode::addressText)
            .toList();
      } catch (RuntimeException e) {
        last = e; // a seed that is down: ask the next one
      }
    }
    throw new IllegalStateException("no seed of the cluster answered", last);
  }

  private static String address(RedisServer node) {
    return ClusterWithReplica.address(node);
  }
}
