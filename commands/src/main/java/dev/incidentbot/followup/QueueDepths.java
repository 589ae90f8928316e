package dev.incidentbot.followup;

import dev.incidentbot.redis.Target;
import java.util.Map;

/**
 * Port: how many jobs wait in each queue of a target (BullMQ, RQ), for follow-up comparisons. The
 * queue diagnostics implement it; implementations return within the target's timeout and return an
 * empty map when the target has no queues or did not answer. Thread-safe.
 */
@FunctionalInterface
public interface QueueDepths {

  /** No queue depths: for targets without queues and for wiring without queue diagnostics. */
  QueueDepths NONE = target -> Map.of();

  Map<String, Long> of(Target target);
}
