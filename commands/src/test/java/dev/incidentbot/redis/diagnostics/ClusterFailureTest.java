package dev.incidentbot.redis.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.format.Counts;
import dev.incidentbot.redis.ClusterNode;
import dev.incidentbot.redis.Mode;
import dev.incidentbot.redis.NodeCalls;
import dev.incidentbot.redis.NodeResolver;
import dev.incidentbot.redis.RedisEndpoint;
import dev.incidentbot.redis.RedisNodes;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.redis.Thresholds;
import dev.incidentbot.redis.queues.QueueSurvey;
import dev.incidentbot.redis.queues.QueuesCommand;
import dev.incidentbot.redis.queues.WorkerRegistry;
import dev.incidentbot.redis.queues.WorkersCommand;
import dev.incidentbot.testing.RedisCluster;
import dev.incidentbot.testing.RedisServer;
import dev.incidentbot.testing.Requests;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.Jedis;

@Tag("engines")
@DisplayName(
    "A real cluster losing its primaries: replica lag, PFAIL, FAIL, uncovered slots, and node"
        + " commands naming the nodes that no longer answer")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFailureTest {
  private static final ExecutorService pool = Executors.newCachedThreadPool();
  private static final NodeCalls calls =
      new NodeCalls(new RedisNodes(), new NodeResolver(pool), pool);

  private static RedisCluster cluster;
  private static RedisServer replica;

  @BeforeAll
  static void start() {
    cluster = RedisCluster.start(3, 1000);
    replica = cluster.addReplica(0);
  }

  @AfterAll
  static void stop() {
    cluster.close();
    pool.shutdownNow();
  }

  private static Target target() {
    String seed = cluster.addresses().get(0);
    return new Target(
        "shard",
        Mode.CLUSTER,
        RedisEndpoint.parse("redis://" + seed),
        null,
        List.of(seed),
        List.of(),
        Duration.ofSeconds(1),
        Thresholds.DEFAULTS,
        Target.DEFAULT_PROTECTED,
        List.of());
  }

  private static Reply topology() {
    return new TopologyCommand(new Targets(List.of(target())), calls)
        .handle(Requests.of("redis topology"), Progress.NONE);
  }

  /** The node at {@code index} as the seed sees it. */
  private static ClusterNode seen(int index) {
    try (Jedis j = cluster.nodes().get(0).client()) {
      String address = cluster.addresses().get(index);
      return ClusterNode.parseAll(j.clusterNodes()).stream()
          .filter(n -> n.addressText().equals(address))
          .findFirst()
          .orElseThrow();
    }
  }

  @Test
  @Order(1)
  @DisplayName("all up: full coverage, the replica with its state, lag and offset")
  void replicaLag() {
    // the replica's link is up before its primary lists it online (wait_bgsave first)
    RedisCluster.await(
        "the primary to list its replica online",
        () -> {
          try (Jedis j = cluster.nodes().get(0).client()) {
            return j.info("replication").contains("port=" + replica.port() + ",state=online");
          }
        });
    Reply reply = topology();

    assertThat(reply.title())
        .isEqualTo("shard: 16,384 of 16,384 slots covered, 3 primaries, 1 replica");
    assertThat(reply.severity()).isEqualTo(Severity.OK);
    assertThat(reply.codeBlocks().get(0).content())
        .containsPattern(
            "  └ replica 127\\.0\\.0\\.1:"
                + replica.port()
                + " \\w+ connected · online, lag \\d+ s, offset \\d+ \\([\\d,]+ bytes behind\\)");
  }

  @Test
  @Order(2)
  @DisplayName("a primary without replica killed: FAIL, and its slots uncovered")
  void primaryFailed() {
    ClusterNode doomed = seen(2);
    cluster.nodes().get(2).kill();
    RedisCluster.await("the seed flags it fail", () -> seen(2).failed());

    Reply reply = topology();

    int lost = doomed.slotCount();
    assertThat(reply.title())
        .startsWith("shard: " + Counts.format(16384 - lost) + " of 16,384 slots covered");
    assertThat(reply.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(reply.text())
        .contains("1 failed, 0 possibly failed (pfail) node(s)")
        .contains(
            "0 slots on a possibly failed primary, " + Counts.format(lost) + " slots uncovered");
    assertThat(field(reply, "Uncovered slots")).isEqualTo(TopologyCommand.slotsText(doomed));
    assertThat(reply.codeBlocks().get(0).content())
        .contains(cluster.addresses().get(2) + " " + doomed.id().substring(0, 8) + " FAIL");
  }

  @Test
  @Order(3)
  @DisplayName(
      "a second primary killed: the lone survivor can only flag it PFAIL (no majority for FAIL)")
  void primaryPossiblyFailed() {
    ClusterNode doomed = seen(1);
    cluster.nodes().get(1).kill();
    RedisCluster.await("the seed flags it fail?", () -> seen(1).possiblyFailed());

    Reply reply = topology();

    assertThat(reply.text())
        .contains("1 failed, 1 possibly failed (pfail) node(s)")
        .contains(Counts.format(doomed.slotCount()) + " slots on a possibly failed primary");
    assertThat(reply.codeBlocks().get(0).content())
        .contains(cluster.addresses().get(1) + " " + doomed.id().substring(0, 8) + " PFAIL");
    assertThat(reply.severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  @Order(4)
  @DisplayName(
      "two primaries dead: workers, queues and INFO say what the survivor answered and name each"
          + " node that did not")
  void nodeCommandsWithDeadPrimaries() {
    var targets = new Targets(List.of(target()));
    String alive = cluster.addresses().get(0);
    List<String> dead = cluster.addresses().subList(1, 3);
    var registry = new WorkerRegistry(Clock.systemUTC());

    // with slots uncovered the survivor refuses reads too (CLUSTERDOWN): no node answers
    Reply none =
        new WorkersCommand(targets, registry, calls)
            .handle(Requests.of("redis workers"), Progress.NONE);
    assertThat(none.title()).isEqualTo("shard: no worker list");
    assertThat(none.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(none.text()).isEqualTo("None of the 3 nodes answered.");
    assertThat(none.fields())
        .extracting(Field::name)
        .containsExactlyInAnyOrder("✖ " + alive, "✖ " + dead.get(0), "✖ " + dead.get(1));
    assertThat(none.fields().stream().filter(f -> f.name().equals("✖ " + alive)))
        .singleElement()
        .satisfies(f -> assertThat(f.value()).contains("CLUSTERDOWN"));

    try (Jedis j = cluster.nodes().get(0).client()) {
      j.configSet("cluster-allow-reads-when-down", "yes");
    }
    Reply workers =
        new WorkersCommand(targets, registry, calls)
            .handle(Requests.of("redis workers"), Progress.NONE);
    Reply queues =
        new QueuesCommand(targets, new QueueSurvey(Clock.systemUTC()), calls)
            .handle(Requests.of("redis queues"), Progress.NONE);
    Reply info =
        new InfoCommand(targets, calls)
            .handle(Requests.of("redis info", "section", "server"), Progress.NONE);

    assertThat(workers.title()).isEqualTo("shard: no workers registered on 1 of 3 nodes");
    assertThat(queues.title())
        .isEqualTo("shard: no BullMQ (prefix bull) or RQ queues found on 1 of 3 nodes");
    assertThat(workers.text())
        .contains("Workers registered on the nodes that did not answer are not counted.");
    for (Reply reply : List.of(workers, queues, info)) {
      assertThat(reply.severity()).as(reply.title()).isEqualTo(Severity.CRITICAL);
      assertThat(reply.fields())
          .extracting(Field::name)
          .as(reply.title())
          .containsExactlyInAnyOrder("✖ " + dead.get(0), "✖ " + dead.get(1));
      assertThat(reply.fields())
          .extracting(Field::value)
          .allSatisfy(v -> assertThat(v).containsAnyOf(dead.get(0), dead.get(1)));
    }
    assertThat(info.codeBlocks())
        .singleElement()
        .satisfies(
            b ->
                assertThat(b.content())
                    .startsWith("# " + alive + " (primary), ")
                    .containsPattern("tcp_port +" + cluster.nodes().get(0).port()));
  }

  private static String field(Reply reply, String name) {
    return reply.fields().stream()
        .filter(f -> f.name().equals(name))
        .map(Field::value)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no field " + name + " in " + reply));
  }
}
