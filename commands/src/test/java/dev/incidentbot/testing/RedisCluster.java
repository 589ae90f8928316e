package dev.incidentbot.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import redis.clients.jedis.Jedis;

/**
 * A real Redis Cluster of {@code n} primaries (no replicas) on loopback, made the way people make
 * one: {@code redis-server --cluster-enabled yes} per node, then {@code redis-cli --cluster create
 * ... --cluster-yes}. Waits until every node reports {@code cluster_state:ok}. Replicas can be
 * added to a primary afterwards ({@link #addReplica}), with {@code redis-cli --cluster add-node}.
 * Close to kill all.
 */
public final class RedisCluster implements AutoCloseable {
  private final List<RedisServer> nodes;
  private final List<RedisServer> replicas = new ArrayList<>();
  private final int nodeTimeoutMillis;

  private RedisCluster(List<RedisServer> nodes, int nodeTimeoutMillis) {
    this.nodes = nodes;
    this.nodeTimeoutMillis = nodeTimeoutMillis;
  }

  /** Starts {@code primaries} nodes (at least 3) and joins them into one cluster. */
  public static RedisCluster start(int primaries) {
    return start(primaries, 2000);
  }

  /** Like {@link #start(int)}, with the given {@code cluster-node-timeout}. */
  public static RedisCluster start(int primaries, int nodeTimeoutMillis) {
    var nodes = new ArrayList<RedisServer>();
    try {
      for (int i = 0; i < primaries; i++) {
        nodes.add(node(nodeTimeoutMillis));
      }
      var cluster = new RedisCluster(nodes, nodeTimeoutMillis);
      cluster.create();
      cluster.awaitOk();
      return cluster;
    } catch (IOException e) {
      nodes.forEach(RedisServer::close);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      nodes.forEach(RedisServer::close);
      throw e;
    }
  }

  private static RedisServer node(int nodeTimeoutMillis) throws IOException {
    Path dir = Files.createTempDirectory("cluster-test-");
    return RedisServer.start(
        dir,
        RedisServer.freeClusterPort(),
        "--cluster-enabled",
        "yes",
        "--cluster-config-file",
        dir.resolve("nodes.conf").toString(),
        "--cluster-node-timeout",
        String.valueOf(nodeTimeoutMillis));
  }

  /**
   * Starts a node and makes it a replica of primary {@code index}; returns once it is in sync and
   * every primary lists it.
   */
  public RedisServer addReplica(int index) {
    RedisServer primary = nodes.get(index);
    RedisServer replica;
    try {
      replica = node(nodeTimeoutMillis);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    replicas.add(replica);
    String primaryId;
    try (Jedis j = primary.client()) {
      primaryId = j.clusterMyId();
    }
    run(
        List.of(
            RedisServer.binary("redis-cli"),
            "--cluster",
            "add-node",
            "127.0.0.1:" + replica.port(),
            "127.0.0.1:" + primary.port(),
            "--cluster-slave",
            "--cluster-master-id",
            primaryId));
    await(
        "the replica in sync and known to every primary",
        () -> {
          try (Jedis r = replica.client()) {
            if (!r.info("replication").contains("master_link_status:up")) {
              return false;
            }
          }
          for (RedisServer n : nodes) {
            try (Jedis j = n.client()) {
              if (!j.clusterNodes().contains("127.0.0.1:" + replica.port())) {
                return false;
              }
            }
          }
          return true;
        });
    return replica;
  }

  private static void run(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Waits up to 20 s for {@code condition}. */
  public static void await(String what, java.util.function.BooleanSupplier condition) {
    Awaitility.await(what)
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(50))
        .until(condition::getAsBoolean);
  }

  private void create() {
    var cmd = new ArrayList<>(List.of(RedisServer.binary("redis-cli"), "--cluster", "create"));
    nodes.forEach(n -> cmd.add("127.0.0.1:" + n.port()));
    cmd.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("redis-cli --cluster create failed:\n" + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void awaitOk() {
    await(
        "every node reports cluster_state:ok",
        () ->
            nodes.stream()
                .allMatch(
                    n -> {
                      try (Jedis j = n.client()) {
                        return j.clusterInfo().contains("cluster_state:ok");
                      }
                    }));
  }

  public List<RedisServer> nodes() {
    return List.copyOf(nodes);
  }

  /** {@code host:port} of every node, as a target's {@code nodes:} list names them. */
  public List<String> addresses() {
    return nodes.stream().map(n -> "127.0.0.1:" + n.port()).toList();
  }

  @Override
  public void close() {
    nodes.forEach(RedisServer::close);
    replicas.forEach(RedisServer::close);
  }
}
