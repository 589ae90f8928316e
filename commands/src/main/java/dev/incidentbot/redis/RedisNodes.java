package dev.incidentbot.redis;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;

/**
 * Opens single-node connections to a target's nodes, always with the target's connect and read
 * timeout and credentials, and named {@value #CLIENT_NAME} so that CLIENT LIST shows (and {@code
 * kill-clients} spares) the bot's own connections. The caller closes what it opens.
 *
 * <p>Single-node {@link Jedis} rather than Jedis 8's pooled {@code RedisClient}, {@code
 * RedisSentinelClient} or {@code RedisClusterClient}: every command the bot runs is node-level, a
 * pooled connection would outlive the outage being reported on, and the cluster client's retries on
 * other nodes would break the per-target timeout (README, "How it talks to Redis").
 */
public final class RedisNodes {
  public static final String CLIENT_NAME = "redis-incident-bot";

  /** A connection to the node a standalone target names (other modes: its configured endpoint). */
  public Jedis open(Target target) {
    return open(target, new HostAndPort(target.endpoint().host(), target.endpoint().port()));
  }

  /** A connection to one node of {@code target}, with its credentials and timeout. */
  public Jedis open(Target target, HostAndPort node) {
    Jedis jedis = new Jedis(node, config(target, target.endpoint().database()));
    try {
      jedis.connect();
    } catch (RuntimeException e) {
      jedis.close();
      throw e;
    }
    return jedis;
  }

  /**
   * A connection to one of a Sentinel target's sentinels: the target's timeout and client name,
   * database 0, and the sentinels' own password when one is configured (sentinels keep neither the
   * data's password nor its data).
   */
  public Jedis openSentinel(Target target, HostAndPort sentinel) {
    int millis = (int) Math.max(1, target.timeout().toMillis());
    var builder =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(millis)
            .socketTimeoutMillis(millis)
            .clientName(CLIENT_NAME)
            .resp2();
    if (target.sentinelPassword() != null) {
      builder.password(target.sentinelPassword().value());
    }
    Jedis jedis = new Jedis(sentinel, builder.build());
    try {
      jedis.connect();
    } catch (RuntimeException e) {
      jedis.close();
      throw e;
    }
    return jedis;
  }

  /** Client settings for {@code target}: timeouts, credentials, TLS, database, client name. */
  public static JedisClientConfig config(Target target, int database) {
    int millis = (int) Math.max(1, target.timeout().toMillis());
    var endpoint = target.endpoint();
    var builder =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(millis)
            .socketTimeoutMillis(millis)
            .clientName(CLIENT_NAME)
            .ssl(endpoint.tls())
            .database(database)
            .resp2();
    if (endpoint.password() != null) {
      builder.user(endpoint.user()).password(endpoint.password());
    }
    return builder.build();
  }
}
