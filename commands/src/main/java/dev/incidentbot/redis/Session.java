package dev.incidentbot.redis;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * The connections one diagnostic opens to one target, so that all of them can be cut at once when
 * its deadline passes ({@link #abort}) or closed when it is done ({@link #close}).
 *
 * <p>Thread-safe: the node calls of one diagnostic open connections from several threads.
 */
public final class Session implements AutoCloseable {
  private final RedisNodes nodes;
  private final Target target;
  private final Queue<Jedis> open = new ConcurrentLinkedQueue<>();
  private volatile boolean aborted;

  public Session(RedisNodes nodes, Target target) {
    this.nodes = nodes;
    this.target = target;
  }

  public Target target() {
    return target;
  }

  /** A data-node connection with the target's credentials and timeout. */
  public Jedis open(HostAndPort node) {
    return track(nodes.open(target, node));
  }

  /** A sentinel connection with the target's timeout. */
  public Jedis openSentinel(HostAndPort sentinel) {
    return track(nodes.openSentinel(target, sentinel));
  }

  private Jedis track(Jedis jedis) {
    open.add(jedis);
    if (aborted) {
      cut(jedis);
    }
    return jedis;
  }

  /** Cuts every connection at once, making calls still waiting on them fail fast. */
  public void abort() {
    aborted = true;
    open.forEach(Session::cut);
  }

  @Override
  public void close() {
    Jedis jedis;
    while ((jedis = open.poll()) != null) {
      try {
        jedis.close();
      } catch (RuntimeException ignored) {
        // closing a connection that already broke is best effort
      }
    }
  }

  private static void cut(Jedis jedis) {
    try {
      jedis.getConnection().forceDisconnect();
    } catch (Exception ignored) {
      // the call is abandoned; cutting is best effort
    }
  }
}
