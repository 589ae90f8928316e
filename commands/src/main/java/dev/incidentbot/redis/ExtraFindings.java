package dev.incidentbot.redis;

import java.util.List;
import redis.clients.jedis.Jedis;

/**
 * More findings for a health check, read over the check's own connection and within its deadline
 * (queue depth, workers). Implementations are thread-safe and read-only.
 */
@FunctionalInterface
public interface ExtraFindings {
  /** Findings for {@code target}; empty when there is nothing to judge (no queues at all). */
  List<Finding> findings(Jedis jedis, Target target);
}
