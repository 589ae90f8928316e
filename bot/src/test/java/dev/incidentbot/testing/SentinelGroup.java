package dev.incidentbot.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import redis.clients.jedis.Jedis;

/**
 * A Sentinel deployment on loopback: a master, one replica and one {@code redis-sentinel} (quorum
 * 1) watching it under a name. Both data nodes sync without the diskless delay, so a replica is in
 * sync within moments, also after a failover swapped them. Close to kill all three.
 */
public final class SentinelGroup implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final String name;
  private final RedisServer first;
  private final RedisServer second;
  private final RedisServer sentinel;

  private SentinelGroup(String name, RedisServer first, RedisServer second, RedisServer sentinel) {
    this.name = name;
    this.first = first;
    this.second = second;
    this.sentinel = sentinel;
  }

  /**
   * Starts master and replica, waits for their link, then starts the sentinel (so its first INFO of
   * the master already lists the replica) and waits until it sees the replica in sync.
   */
  public static SentinelGroup start(String name) {
    RedisServer master = RedisServer.start("--repl-diskless-sync-delay", "0");
    RedisServer replica = null;
    RedisServer sentinel = null;
    try {
      replica =
          RedisServer.start(
              "--repl-diskless-sync-delay",
              "0",
              "--replicaof",
              "127.0.0.1",
              String.valueOf(master.port()));
      RedisServer r = replica;
      await(
          "the replica's link to its master",
          () -> {
            try (Jedis j = r.client()) {
              return j.info("replication").contains("master_link_status:up");
            }
          });
      sentinel = RedisServer.sentinel(name, master.port());
      var group = new SentinelGroup(name, master, replica, sentinel);
      group.awaitReplicaInSync();
      return group;
    } catch (RuntimeException e) {
      for (RedisServer s : new RedisServer[] {sentinel, replica, master}) {
        if (s != null) {
          s.close();
        }
      }
      throw e;
    }
  }

  /** The name Sentinel knows the master by. */
  public String name() {
    return name;
  }

  public RedisServer sentinel() {
    return sentinel;
  }

  /** {@code host:port} of the sentinel, as a target's {@code nodes:} names it. */
  public String sentinelAddress() {
    return "127.0.0.1:" + sentinel.port();
  }

  /** The data node Sentinel names as master now. */
  public RedisServer master() {
    try (Jedis s = sentinel.client()) {
      int port = Integer.parseInt(s.sentinelGetMasterAddrByName(name).get(1));
      return port == first.port() ? first : second;
    }
  }

  /** The data node that is not the master. */
  public RedisServer replica() {
    return master() == first ? second : first;
  }

  /**
   * Waits until the current master has its replica online and Sentinel lists that replica, not
   * flagged down: what SENTINEL FAILOVER needs to pick it. (Sentinel refreshes a replica's own INFO
   * only every 10 s; it does not need that refresh to promote it.)
   */
  public void awaitReplicaInSync() {
    await(
        "the master of " + name + " to have its replica online, known to sentinel",
        () -> {
          RedisServer master = master();
          int replica = (master == first ? second : first).port();
          try (Jedis m = master.client();
              Jedis s = sentinel.client()) {
            boolean online = m.info("replication").contains("port=" + replica + ",state=online");
            List<Map<String, String>> known = s.sentinelReplicas(name);
            return online
                && known.stream()
                    .anyMatch(
                        r ->
                            String.valueOf(replica).equals(r.get("port"))
                                && "slave".equals(r.get("flags")));
          }
        });
  }

  @Override
  public void close() {
    sentinel.close();
    second.close();
    first.close();
  }

  static void await(String what, BooleanSupplier condition) {
    // a node not answering yet is a condition not met yet
    Awaitility.await(what)
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .until(condition::getAsBoolean);
  }
}
