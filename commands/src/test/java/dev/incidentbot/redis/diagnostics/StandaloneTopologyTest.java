package dev.incidentbot.redis.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.redis.NodeCalls;
import dev.incidentbot.redis.NodeResolver;
import dev.incidentbot.redis.RedisNodes;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.testing.RedisCluster;
import dev.incidentbot.testing.RedisExtension;
import dev.incidentbot.testing.RedisServer;
import dev.incidentbot.testing.Requests;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

@Tag("engines")
@DisplayName(
    "Topology of standalone targets: a real master and its replica, then the master killed")
class StandaloneTopologyTest {
  @RegisterExtension static final RedisExtension servers = new RedisExtension();

  private static final ExecutorService pool = Executors.newCachedThreadPool();
  private static final NodeCalls calls =
      new NodeCalls(new RedisNodes(), new NodeResolver(pool), pool);

  @AfterAll
  static void stopPool() {
    pool.shutdownNow();
  }

  private static Reply topology(String name, RedisServer server) {
    return new TopologyCommand(new Targets(List.of(Target.standalone(name, server.url()))), calls)
        .handle(Requests.of("redis topology"), Progress.NONE);
  }

  @Test
  @DisplayName("master: its replica online with lag and bytes behind; replica: link up, then down")
  void masterAndReplica() {
    RedisServer master = servers.server();
    RedisServer replica = servers.extra("--replicaof", "127.0.0.1", String.valueOf(master.port()));
    master.awaitReplicaOnline();

    Reply ofMaster = topology("main", master);
    Reply ofReplica = topology("copy", replica);

    assertThat(ofMaster.title()).isEqualTo("main: master with 1 replica");
    assertThat(ofMaster.severity()).isEqualTo(Severity.OK);
    assertThat(ofMaster.fields().get(0).value())
        .startsWith("master, replication offset ")
        .containsPattern(
            "replica 127\\.0\\.0\\.1:" + replica.port() + " online, lag \\d+ s, \\d+ bytes behind");
    assertThat(ofReplica.title())
        .isEqualTo("copy: replica of 127.0.0.1:" + master.port() + ", link up");
    assertThat(ofReplica.severity()).isEqualTo(Severity.OK);

    master.kill();
    RedisCluster.await(
        "the replica sees its master gone",
        () -> {
          try (Jedis j = replica.client()) {
            return j.info("replication").contains("master_link_status:down");
          }
        });
    Reply orphan = topology("copy", replica);

    assertThat(orphan.title())
        .isEqualTo("copy: replica of 127.0.0.1:" + master.port() + ", link down");
    assertThat(orphan.severity()).isEqualTo(Severity.CRITICAL);
  }
}
