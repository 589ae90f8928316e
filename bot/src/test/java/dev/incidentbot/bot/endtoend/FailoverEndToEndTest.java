package dev.incidentbot.bot.endtoend;

import static dev.incidentbot.bot.endtoend.Flow.evidence;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.discord.fake.FakeDiscordExtension;
import dev.incidentbot.testing.ClusterWithReplica;
import dev.incidentbot.testing.RedisServer;
import dev.incidentbot.testing.SentinelGroup;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    "Failover confirmed in the console and in Discord on Sentinel and Cluster; cluster targets"
        + " refuse the other actions")
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
                      + "\"]\n")
          .build();

  static Chats chats;

  @BeforeAll
  static void chats() {
    chats = Chats.on(discord);
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
            List.of("redis kill-clients", "idle-over", "10m"),
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
  @DisplayName("Cluster: every other changing action is refused with a sentence, no plan posted")
  void refusedOnCluster(Adapter adapter, List<String> action) {
    var options = new LinkedHashMap<String, String>();
    for (int i = 1; i + 1 < action.size(); i += 2) {
      options.put(action.get(i), action.get(i + 1));
    }
    options.put("target", "shard");

    Shown answer = chats.of(adapter).send("alice", action.get(0), options).answer();

    assertThat(answer.text())
        .contains("shard is a cluster target; this action runs on standalone and Sentinel targets");
    assertThat(answer.buttons()).isEmpty();
    assertThat(answer.privately()).isEqualTo(adapter == Adapter.DISCORD);
  }

  private static String address(RedisServer node) {
    return ClusterWithReplica.address(node);
  }
}
