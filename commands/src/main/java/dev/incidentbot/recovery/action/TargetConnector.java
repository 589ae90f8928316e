package dev.incidentbot.recovery.action;

import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.redis.Mode;
import dev.incidentbot.redis.RedisNodes;
import dev.incidentbot.redis.RedisProblem;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Finds the node an action must talk to (the standalone node, or the master Sentinel names now) and
 * opens a connection to it with the target's timeout and credentials. Connection failures become
 * user-facing sentences. Thread-safe; callers close what they get.
 */
public final class TargetConnector {
  private static final Logger log = LoggerFactory.getLogger(TargetConnector.class);

  private final Targets targets;
  private final RedisNodes nodes;

  public TargetConnector(Targets targets, RedisNodes nodes) {
    this.targets = targets;
    this.nodes = nodes;
  }

  /** The configured target called {@code name} (or the only one), or an error naming the known. */
  public Target target(Optional<String> name) {
    return targets.require(name);
  }

  /**
   * A connection to the node that takes writes for {@code target}.
   *
   * @throws UserFacingException when it cannot be reached, or for cluster targets (key actions must
   *     name a node; not supported)
   */
  public Jedis openPrimary(Target target) {
    if (target.mode() == Mode.CLUSTER) {
      throw new UserFacingException(
          target.name()
              + " is a cluster target; this action runs on standalone and Sentinel targets only.");
    }
    HostAndPort node =
        target.mode() == Mode.SENTINEL
            ? sentinelMaster(target)
            : new HostAndPort(target.endpoint().host(), target.endpoint().port());
    try {
      return nodes.open(target, node);
    } catch (RuntimeException e) {
      throw unreachable(target, e);
    }
  }

  /** A connection to one node of {@code target}, with its timeout and credentials. */
  public Jedis open(Target target, HostAndPort node) {
    try {
      return nodes.open(target, node);
    } catch (RuntimeException e) {
      throw unreachable(target, e);
    }
  }

  /** The master address the first answering sentinel gives for {@code target}. */
  public HostAndPort sentinelMaster(Target target) {
    RuntimeException last = null;
    for (String address : target.nodes()) {
      try (Jedis sentinel = openSentinel(target, HostAndPort.from(address))) {
        List<String> master = sentinel.sentinelGetMasterAddrByName(target.sentinelMaster());
        if (master != null && master.size() == 2) {
          return new HostAndPort(master.get(0), Integer.parseInt(master.get(1)));
        }
      } catch (RuntimeException e) {
        log.info("target {}: sentinel {} did not answer: {}", target.name(), address, e.toString());
        last = e;
      }
    }
    throw new UserFacingException(
        "No sentinel of "
            + target.name()
            + " ("
            + String.join(", ", target.nodes())
            + ") named a master for '"
            + target.sentinelMaster()
            + "'"
            + (last == null ? "." : ": " + RedisProblem.of(target, last).message()));
  }

  /** A connection to a sentinel of {@code target}, with its timeout. */
  public Jedis openSentinel(Target target, HostAndPort sentinel) {
    int millis = (int) Math.max(1, target.timeout().toMillis());
    Jedis jedis =
        new Jedis(
            sentinel,
            DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis)
                .socketTimeoutMillis(millis)
                .clientName(RedisNodes.CLIENT_NAME)
                .resp2()
                .build());
    try {
      jedis.connect();
      return jedis;
    } catch (RuntimeException e) {
      jedis.close();
      throw e;
    }
  }

  /** A failure to reach {@code target} as a user-facing sentence. */
  public static UserFacingException unreachable(Target target, RuntimeException e) {
    if (e instanceof UserFacingException u) {
      return u;
    }
    return new UserFacingException(
        RedisProblem.of(target, e).message() + " Nothing was changed.", e);
  }
}
