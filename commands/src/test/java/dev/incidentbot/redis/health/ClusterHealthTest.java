package dev.incidentbot.redis.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.redis.Mode;
import dev.incidentbot.redis.NodeResolver;
import dev.incidentbot.redis.RedisEndpoint;
import dev.incidentbot.redis.RedisNodes;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Thresholds;
import dev.incidentbot.testing.RedisCluster;
import dev.incidentbot.testing.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

@Tag("engines")
@DisplayName("Health of a real 3-primary cluster: every primary checked at once, findings per node")
class ClusterHealthTest {
  private static final ExecutorService pool = Executors.newCachedThreadPool();
  private static final HealthCheck check =
      new HealthCheck(new RedisNodes(), pool, new NodeResolver(pool), List.of());
  private static RedisCluster cluster;

  @BeforeAll
  static void start() {
    cluster = RedisCluster.start(3);
  }

  @AfterAll
  static void stop() {
    cluster.close();
    pool.shutdownNow();
  }

  private static Target target(Duration timeout) {
    return new Target(
        "shard",
        Mode.CLUSTER,
        RedisEndpoint.parse("redis://" + cluster.addresses().get(0)),
        null,
        cluster.addresses().subList(0, 2),
        List.of(),
        timeout,
        Thresholds.DEFAULTS,
        Target.DEFAULT_PROTECTED,
        List.of());
  }

  private static List<String> nodesOf(HealthReport report, String check) {
    return report.findings().stream()
        .filter(f -> f.check().equals(check))
        .map(Finding::node)
        .toList();
  }

  @Test
  @DisplayName("healthy: one report per primary, each finding labelled with its node")
  void everyPrimary() {
    // latency judged at 10/20 ms: three nodes probed at once on a loaded test machine may pass 1 ms
    var slack =
        Thresholds.merge(
            Thresholds.DEFAULTS,
            new Thresholds.Overrides(
                null, null, null, null, null, null, null, 10.0, 20.0, null, null, null, null,
                null));
    HealthReport report = check.check(target(Duration.ofSeconds(2)).withThresholds(slack));

    assertThat(report.scenario()).isEqualTo(Scenario.HEALTHY);
    assertThat(report.nodes())
        .extracting(n -> n.target().endpoint().address())
        .containsExactlyInAnyOrderElementsOf(cluster.addresses());
    assertThat(nodesOf(report, "memory")).containsExactlyInAnyOrderElementsOf(cluster.addresses());
    assertThat(nodesOf(report, "clients")).containsExactlyInAnyOrderElementsOf(cluster.addresses());
    Reply reply = HealthReplies.detail(report);
    assertThat(reply.text())
        .as("the engine first, then the numbers")
        .containsPattern("^(Redis|Valkey) \\S+ · 3 primaries · PING up to ");
    assertThat(field(reply, "Findings"))
        .contains("✔ memory [" + cluster.addresses().get(2) + "]: ");
    assertThat(field(reply, "Primaries").lines()).hasSize(3).allMatch(l -> l.startsWith("✔ "));
  }

  @Test
  @DisplayName("one primary near its maxmemory: B: out of memory wins, its finding names the node")
  void worstPrimaryWins() {
    RedisServer full = cluster.nodes().get(2);
    try (Jedis j = full.client()) {
      long used = Long.parseLong(j.info("memory").split("used_memory:")[1].split("\r")[0]);
      j.configSet("maxmemory", String.valueOf(used + used / 20));
      try {
        HealthReport report = check.check(target(Duration.ofSeconds(2)));

        assertThat(report.scenario()).isEqualTo(Scenario.OUT_OF_MEMORY);
        Finding memory = report.finding("memory").orElseThrow();
        assertThat(memory.level()).isEqualTo(Finding.Level.CRIT);
        assertThat(memory.node()).isEqualTo("127.0.0.1:" + full.port());
        assertThat(report.findings().stream().filter(f -> f.check().equals("memory")))
            .filteredOn(f -> f.level() == Finding.Level.OK)
            .hasSize(2);
        assertThat(report.nodes().get(0).target().endpoint().port()).isEqualTo(full.port());
        assertThat(HealthReplies.detail(report).severity()).isEqualTo(Severity.CRITICAL);
      } finally {
        j.configSet("maxmemory", "0");
      }
    }
  }

  @Test
  @DisplayName(
      "two primaries paused: both time out at once, named as paused, within the timeout, the"
          + " third answers")
  void pausedPrimaries() throws Exception {
    List<RedisServer> paused = cluster.nodes().subList(1, 3);
    for (RedisServer s : paused) {
      try (Jedis j = s.client()) {
        j.clientPause(1500);
      }
    }
    long pausedAt = System.nanoTime();
    Duration timeout = Duration.ofMillis(500);

    HealthReport report = check.check(target(timeout));
    Duration took = Duration.ofNanos(System.nanoTime() - pausedAt);

    assertThat(took).isLessThan(timeout.plus(HealthCheck.GRACE).plusMillis(200));
    assertThat(report.scenario()).isEqualTo(Scenario.SLOW);
    assertThat(nodesOf(report, "node"))
        .containsExactlyInAnyOrder(
            "127.0.0.1:" + paused.get(0).port(), "127.0.0.1:" + paused.get(1).port());
    assertThat(report.finding("node").orElseThrow().measured())
        .startsWith("shard (127.0.0.1:")
        .contains("holds every command: a CLIENT PAUSE")
        .contains("within 500 ms");
    assertThat(nodesOf(report, "memory")).containsExactly(cluster.addresses().get(0));
    assertThat(report.problem()).isEmpty();
    assertThat(HealthReplies.detail(report).text())
        .as("the cause first, then the numbers")
        .startsWith("shard (127.0.0.1:")
        .containsPattern("\n(Redis|Valkey) \\S+ · 3 primaries \\(2 without an answer\\)");
    for (RedisServer s : paused) {
      s.awaitAnswering(); // the next test needs them answering
    }
  }

  private static String field(Reply reply, String name) {
    return reply.fields().stream()
        .filter(f -> f.name().equals(name))
        .map(Field::value)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no field " + name + " in " + reply));
  }
}
