package dev.incidentbot.recovery.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentbot.chat.Progress;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

@DisplayName("Failover end to end: real master, replica and sentinel; real cluster with a replica")
class FailoverActionTest {
  private final List<AutoCloseable> started = new java.util.ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : started) {
      c.close();
    }
  }

  private <T extends AutoCloseable> T track(T c) {
    started.add(0, c);
    return c;
  }

  private static Target target(String name, Mode mode, String master, List<String> nodes) {
    return new Target(
        name,
        mode,
        RedisEndpoint.parse("redis://" + nodes.get(0)),
        master,
        nodes,
        List.of(),
        Duration.ofSeconds(2),
        Thresholds.DEFAULTS,
        Target.DEFAULT_PROTECTED,
        List.of());
  }

  @Test
  @DisplayName("Sentinel: CKQUORUM, FAILOVER, the replica becomes master, the old master a replica")
  void sentinel() throws Exception {
    RedisServer master = track(RedisServer.start("--repl-diskless-sync-delay", "0"));
    RedisServer replica =
        track(RedisServer.start("--replicaof", "127.0.0.1", String.valueOf(master.port())));
    RedisServer sentinel = track(RedisServer.sentinel("orders", master.port()));
    await(
        "sentinel sees the replica in sync",
        () -> {
          try (Jedis s = sentinel.client()) {
            var known = s.sentinelReplicas("orders");
            return !known.isEmpty() && "ok".equals(known.get(0).get("master-link-status"));
          }
        });
    try (Jedis m = master.client()) {
      m.set("order:1", "paid");
      // replication is asynchronous: a write the replica has not seen is lost by a failover
      assertThat(m.waitReplicas(1, 5000)).isEqualTo(1);
    }
    Target target =
        target("orders", Mode.SENTINEL, "orders", List.of("127.0.0.1:" + sentinel.port()));
    var action = new FailoverAction(Actions.connector(target));

    Plan plan = action.plan(Actions.request("redis failover"));
    Outcome outcome = action.execute(plan, Progress.NONE);

    assertThat(plan.risk()).isEqualTo(Risk.HIGH);
    assertThat(plan.matches()).contains("master 127.0.0.1:" + master.port()).contains("OK");
    assertThat(outcome.succeeded()).as(outcome.headline()).isTrue();
    assertThat(outcome.headline())
        .isEqualTo(
            "master of orders moved 127.0.0.1:" + master.port() + " → 127.0.0.1:" + replica.port());
    try (Jedis r = replica.client();
        Jedis m = master.client();
        Jedis s = sentinel.client()) {
      assertThat(r.role().get(0)).isEqualTo("master");
      assertThat(r.get("order:1")).isEqualTo("paid");
      assertThat(m.role().get(0)).isEqualTo("slave");
      assertThat(s.sentinelGetMasterAddrByName("orders"))
          .containsExactly("127.0.0.1", String.valueOf(replica.port()));
    }
  }

  @Test
  @DisplayName("Sentinel: a plan made before the master moved does not run")
  void staleSentinelPlan() throws Exception {
    RedisServer master = track(RedisServer.start("--repl-diskless-sync-delay", "0"));
    RedisServer replica =
        track(RedisServer.start("--replicaof", "127.0.0.1", String.valueOf(master.port())));
    RedisServer sentinel = track(RedisServer.sentinel("orders", master.port()));
    await(
        "sentinel sees the replica in sync",
        () -> {
          try (Jedis s = sentinel.client()) {
            var known = s.sentinelReplicas("orders");
            return !known.isEmpty() && "ok".equals(known.get(0).get("master-link-status"));
          }
        });
    Target target =
        target("orders", Mode.SENTINEL, "orders", List.of("127.0.0.1:" + sentinel.port()));
    var action = new FailoverAction(Actions.connector(target));
    Plan plan = action.plan(Actions.request("redis failover"));
    assertThat(action.execute(plan, Progress.NONE).succeeded()).isTrue();

    assertThatThrownBy(() -> action.execute(plan, Progress.NONE))
        .hasMessageContaining("changed since the plan")
        .hasMessageContaining("nothing was run");
    try (Jedis r = replica.client()) {
      assertThat(r.role().get(0)).isEqualTo("master");
    }
  }

  @Test
  @DisplayName(
      "Sentinel: the sentinel the plan named is down at confirm time: nothing was changed, said so")
  void plannedSentinelDown() throws Exception {
    RedisServer master = track(RedisServer.start("--repl-diskless-sync-delay", "0"));
    RedisServer replica =
        track(RedisServer.start("--replicaof", "127.0.0.1", String.valueOf(master.port())));
    RedisServer first = track(RedisServer.sentinel("orders", master.port()));
    RedisServer second = track(RedisServer.sentinel("orders", master.port()));
    for (RedisServer sentinel : List.of(first, second)) {
      await(
          "sentinel " + sentinel.port() + " sees the replica in sync",
          () -> {
            try (Jedis s = sentinel.client()) {
              var known = s.sentinelReplicas("orders");
              return !known.isEmpty() && "ok".equals(known.get(0).get("master-link-status"));
            }
          });
    }
    Target target =
        target(
            "orders",
            Mode.SENTINEL,
            "orders",
            List.of("127.0.0.1:" + first.port(), "127.0.0.1:" + second.port()));
    var action = new FailoverAction(Actions.connector(target));
    Plan plan = action.plan(Actions.request("redis failover"));
    assertThat(plan.param("sentinel")).isEqualTo("127.0.0.1:" + first.port());

    first.kill(); // the second sentinel still names the master, so the plan is not stale

    assertThatThrownBy(() -> action.execute(plan, Progress.NONE))
        .isInstanceOf(UserFacingException.class)
        .hasMessageStartingWith("The plan's sentinel 127.0.0.1:" + first.port() + " did not answer")
        .hasMessageContaining("Nothing was changed; plan again");
    try (Jedis m = master.client();
        Jedis r = replica.client();
        Jedis s = second.client()) {
      assertThat(m.role().get(0)).isEqualTo("master");
      assertThat(r.role().get(0)).isEqualTo("slave");
      assertThat(s.sentinelGetMasterAddrByName("orders"))
          .containsExactly("127.0.0.1", String.valueOf(master.port()));
    }
  }

  @Test
  @DisplayName("standalone targets have nothing to fail over to")
  void standalone() {
    Target target = Target.standalone("main", "redis://127.0.0.1:1");
    assertThatThrownBy(
            () ->
                new FailoverAction(Actions.connector(target))
                    .plan(Actions.request("redis failover")))
        .hasMessageContaining("standalone target: there is no replica");
  }

  @Test
  @DisplayName("Cluster: CLUSTER FAILOVER on the replica of the named primary swaps their roles")
  void cluster() throws Exception {
    RedisCluster cluster = track(RedisCluster.start(3));
    RedisServer primary = cluster.nodes().get(0);
    Path dir = Files.createTempDirectory("cluster-replica-");
    RedisServer replica =
        track(
            RedisServer.start(
                dir,
                RedisServer.freeClusterPort(),
                "--cluster-enabled",
                "yes",
                "--cluster-config-file",
                dir.resolve("nodes.conf").toString(),
                "--cluster-node-timeout",
                "2000"));
    String primaryId;
    try (Jedis p = primary.client()) {
      primaryId = p.clusterMyId();
    }
    try (Jedis r = replica.client()) {
      r.clusterMeet("127.0.0.1", primary.port());
      await("the new node knows the primary", () -> r.clusterNodes().contains(primaryId));
      r.clusterReplicate(primaryId);
      await(
          "the replica is in sync", () -> r.info("replication").contains("master_link_status:up"));
    }
    String primaryAddress = "127.0.0.1:" + primary.port();
    Target target = target("shard", Mode.CLUSTER, null, cluster.addresses());
    var action = new FailoverAction(Actions.connector(target));
    await(
        "the seed sees the replica connected",
        () -> {
          try (Jedis seed = cluster.nodes().get(1).client()) {
            return seed.clusterNodes()
                .lines()
                .anyMatch(
                    l -> l.contains(primaryId) && l.contains("slave") && l.contains("connected"));
          }
        });

    assertThatThrownBy(() -> action.plan(Actions.request("redis failover")))
        .hasMessageContaining("Add primary:<host:port>; primaries:");
    Plan plan = action.plan(Actions.request("redis failover", "primary", primaryAddress));
    Outcome outcome = action.execute(plan, Progress.NONE);

    assertThat(outcome.succeeded()).as(outcome.headline()).isTrue();
    try (Jedis r = replica.client();
        Jedis p = primary.client()) {
      assertThat(r.role().get(0)).isEqualTo("master");
      assertThat(p.role().get(0)).isEqualTo("slave");
    }
  }

  private static void await(String what, BooleanSupplier condition) {
    Awaitility.await(what)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(condition::getAsBoolean);
  }
}
