package dev.incidentbot.redis.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.chat.Severity;
import dev.incidentbot.redis.NodeResolver;
import dev.incidentbot.redis.RedisNodes;
import dev.incidentbot.redis.Target;
import dev.incidentbot.testing.RedisCluster;
import dev.incidentbot.testing.RedisServer;
import dev.incidentbot.testing.TestTargets;
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
    "Replication findings on a real master + replica + sentinel, replicas killed or syncing")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicationHealthTest {
  private static final ExecutorService pool = Executors.newCachedThreadPool();
  private static final HealthCheck check =
      new HealthCheck(new RedisNodes(), pool, new NodeResolver(pool), List.of());

  private static RedisServer master;
  private static RedisServer replica;
  private static RedisServer sentinel;
  private static RedisServer late;

  @BeforeAll
  static void start() throws Exception {
    master = RedisServer.start("--repl-diskless-sync-delay", "0");
    replica = RedisServer.start("--replicaof", "127.0.0.1", String.valueOf(master.port()));
    sentinel = RedisServer.sentinel("orders", master.port());
    RedisCluster.await(
        "sentinel sees the replica in sync",
        () -> {
          try (Jedis j = sentinel.client()) {
            var known = j.sentinelReplicas("orders");
            return !known.isEmpty() && "ok".equals(known.get(0).get("master-link-status"));
          }
        });
  }

  @AfterAll
  static void stop() {
    for (RedisServer s : new RedisServer[] {late, sentinel, replica, master}) {
      if (s != null) {
        s.close();
      }
    }
    pool.shutdownNow();
  }

  private static Target target() {
    return TestTargets.sentinel(sentinel);
  }

  @Test
  @Order(1)
  @DisplayName("in sync: one replica connected, ok")
  void inSync() {
    Finding f = check.check(target()).finding("replication").orElseThrow();

    assertThat(f.level()).isEqualTo(Finding.Level.OK);
    assertThat(f.measured()).startsWith("1 replica connected, worst lag ");
  }

  @Test
  @Order(2)
  @DisplayName("a replica still waiting for its full sync (wait_bgsave) is flagged: not online")
  void replicaNotOnline() throws Exception {
    try (Jedis j = master.client()) {
      j.configSet("repl-diskless-sync-delay", "5"); // the master waits 5 s before sending the RDB
    }
    late = RedisServer.start("--replicaof", "127.0.0.1", String.valueOf(master.port()));
    RedisCluster.await(
        "the new replica waits for its sync",
        () -> {
          try (Jedis j = master.client()) {
            return j.info("replication").contains("state=wait_bgsave");
          }
        });

    HealthReport report = check.check(target());

    Finding f = report.finding("replication").orElseThrow();
    assertThat(f.level()).isEqualTo(Finding.Level.WARN);
    assertThat(f.measured())
        .startsWith("2 replicas connected")
        .contains("127.0.0.1:" + late.port() + " is wait_bgsave, not online");
    assertThat(HealthReplies.detail(report).severity()).isEqualTo(Severity.WARN);
    late.kill();
  }

  @Test
  @Order(3)
  @DisplayName(
      "every replica killed: the master lists none, Sentinel still knows one: critical, named")
  void replicaKilled() throws Exception {
    replica.kill();
    RedisCluster.await(
        "the master drops its replicas",
        () -> {
          try (Jedis j = master.client()) {
            return j.info("replication").contains("connected_slaves:0");
          }
        });

    HealthReport report = check.check(target());

    Finding f = report.finding("replication").orElseThrow();
    assertThat(f.level()).isEqualTo(Finding.Level.CRIT);
    assertThat(f.measured())
        .startsWith("0 replicas connected")
        .containsPattern("of \\d replicas? Sentinel knows not connected: ")
        .contains("127.0.0.1:" + replica.port() + " (slave");
    assertThat(report.target().name()).isEqualTo("orders");
    assertThat(HealthReplies.detail(report).severity()).isEqualTo(Severity.CRITICAL);
  }
}
