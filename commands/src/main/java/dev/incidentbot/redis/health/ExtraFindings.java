package dev.incidentbot.redis.health;

import dev.incidentbot.redis.Target;
import java.util.List;
import redis.clients.jedis.Jedis;

/**
 * More findings for a health check, read over the check's own connection after PING and INFO (queue
 * depth, workers). Implementations are thread-safe and read-only.
 */
@FunctionalInterface
public interface ExtraFindings {
  /** Findings for {@code target}; empty when there is nothing to judge (no queues at all). */
  List<Finding> findings(Jedis jedis, Target target);

  /**
   * Findings for {@code target}, reading nothing more once {@code deadlineNanos} ({@link
   * System#nanoTime()}) has passed and saying what was left unread. The default ignores the
   * deadline; implementations that may read much should honour it.
   */
  default List<Finding> findings(Jedis jedis, Target target, long deadlineNanos) {
    return findings(jedis, target);
  }
}
