package dev.incidentbot.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

/**
 * A real Redis Cluster of three primaries ({@link RedisCluster}) plus one replica of the first
 * primary, joined with CLUSTER MEET and CLUSTER REPLICATE, the way an operator adds one. Every node
 * syncs without the diskless delay. Waits until the replica is in sync and every node sees it.
 */
public final class ClusterWithReplica implements AutoCloseable {
  private final RedisCluster cluster;
  private final RedisServer replica;

  private ClusterWithReplica(RedisCluster cluster, RedisServer replica) {
    this.cluster = cluster;
    this.replica = replica;
  }

  public static ClusterWithReplica start() {
    RedisCluster cluster = RedisCluster.start(3);
    RedisServer replica = null;
    try {
      for (RedisServer n : cluster.nodes()) {
        try (Jedis j = n.client()) {
          j.configSet("repl-diskless-sync-delay", "0");
        }
      }
      Path dir = Files.createTempDirectory("cluster-replica-");
      replica =
          RedisServer.start(
              dir,
              RedisServer.freeClusterPort(),
              "--cluster-enabled",
              "yes",
              "--cluster-config-file",
              dir.resolve("nodes.conf").toString(),
              "--cluster-node-timeout",
              "2000",
              "--repl-diskless-sync-delay",
              "0");
      RedisServer primary = cluster.nodes().get(0);
      String primaryId;
      try (Jedis p = primary.client()) {
        primaryId = p.clusterMyId();
      }
      RedisServer r = replica;
      try (Jedis j = r.client()) {
        j.clusterMeet("127.0.0.1", primary.port());
      }
      SentinelGroup.await(
          "the new node to learn the primary",
          () -> {
            try (Jedis j = r.client()) {
              return j.clusterNodes().contains(primaryId);
            }
          });
      try (Jedis j = r.client()) {
        j.clusterReplicate(primaryId);
      }
      var whole = new ClusterWithReplica(cluster, replica);
      whole.awaitReplicaSeen();
      return whole;
    } catch (IOException e) {
      close(cluster, replica);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      close(cluster, replica);
      throw e;
    }
  }

  private static void close(RedisCluster cluster, RedisServer replica) {
    if (replica != null) {
      replica.close();
    }
    cluster.close();
  }

  /**
   * Waits until some primary has a replica in sync that every node lists as connected: the state a
   * CLUSTER FAILOVER needs (also after an earlier failover swapped the two).
   */
  public void awaitReplicaSeen() {
    SentinelGroup.await(
        "a replica in sync, seen by every node",
        () -> {
          Optional<RedisServer> withReplica = primaryWithReplica();
          if (withReplica.isEmpty()) {
            return false;
          }
          RedisServer other = other(withReplica.get());
          try (Jedis j = other.client()) {
            if (!j.info("replication").contains("master_link_status:up")) {
              return false;
            }
          }
          String id;
          try (Jedis j = withReplica.get().client()) {
            id = j.clusterMyId();
          }
          for (RedisServer n : nodes()) {
            try (Jedis j = n.client()) {
              boolean seen =
                  j.clusterNodes()
                      .lines()
                      .anyMatch(
                          l ->
                              l.contains("slave " + id)
                                  && l.contains("connected")
                                  && !l.contains("fail"));
              if (!seen) {
                return false;
              }
            }
          }
          return true;
        });
  }

  /** The primary that has the replica now (the first primary, until a failover swaps them). */
  public Optional<RedisServer> primaryWithReplica() {
    for (RedisServer n : List.of(cluster.nodes().get(0), replica)) {
      try (Jedis j = n.client()) {
        if ("master".equals(j.role().get(0)) && j.info("replication").contains("slave0:")) {
          return Optional.of(n);
        }
      }
    }
    return Optional.empty();
  }

  /** Of the first primary and the replica, the one that is not {@code node}. */
  public RedisServer other(RedisServer node) {
    return node == replica ? cluster.nodes().get(0) : replica;
  }

  /** All four nodes. */
  public List<RedisServer> nodes() {
    var all = new ArrayList<>(cluster.nodes());
    all.add(replica);
    return all;
  }

  /** The three primaries at the start. */
  public List<String> seedAddresses() {
    return cluster.addresses();
  }

  public static String address(RedisServer node) {
    return "127.0.0.1:" + node.port();
  }

  /** A cluster client; the caller closes it. */
  public JedisCluster client() {
    var seeds = new HashSet<HostAndPort>();
    cluster.addresses().forEach(a -> seeds.add(HostAndPort.from(a)));
    return new JedisCluster(seeds);
  }

  @Override
  public void close() {
    close(cluster, replica);
  }
}
