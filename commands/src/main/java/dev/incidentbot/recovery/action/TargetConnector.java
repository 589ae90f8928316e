package dev.incidentbot.recovery.action;

import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.redis.Mode;
import dev.incidentbot.redis.NodeResolver;
import dev.incidentbot.redis.RedisNodes;
import dev.incidentbot.redis.RedisProblem;
import dev.incidentbot.redis.RedisProblemException;
import dev.incidentbot.redis.Session;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
  private final NodeResolver resolver;

  public TargetConnector(Targets targets, RedisNodes nodes, NodeResolver resolver) {
    this.targets = targets;
    this.nodes = nodes;
    this.resolver = resolver;
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
    try (Session session = new Session(nodes, target)) {
      return resolver.sentinelMaster(target, session);
    } catch (RedisProblemException e) {
      log.info("target {}: no sentinel named a master: {}", target.name(), e.problem().kind());
      throw new UserFacingException(e.problem().message() + " Nothing was changed.", e);
    }
  }

  /** A connection to a sentinel of {@code target}, with its timeout. */
  public Jedis openSentinel(Target target, HostAndPort sentinel) {
    return nodes.openSentinel(target, sentinel);
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
