package dev.incidentbot.followup;

import dev.incidentbot.redis.Target;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Port: how many jobs wait in each queue of a target (BullMQ, RQ), for follow-up comparisons. The
 * queue diagnostics implement it; implementations return within the target's timeout and say when
 * they could not count every queue, so that a queue missing from the answer is never mistaken for
 * an empty one. Thread-safe.
 */
@FunctionalInterface
public interface QueueDepths {

  /** No queue depths: for targets without queues and for wiring without queue diagnostics. */
  QueueDepths NONE = target -> Depths.complete(Map.of());

  Depths of(Target target);

  /**
   * What a survey counted.
   *
   * @param waiting waiting jobs per queue counted
   * @param incomplete why some queues may be missing from {@code waiting} ("timed out"), if so; a
   *     queue missing from a complete survey has no jobs
   */
  record Depths(Map<String, Long> waiting, Optional<String> incomplete) {
    public Depths {
      waiting = new TreeMap<>(waiting);
    }

    public static Depths complete(Map<String, Long> waiting) {
      return new Depths(waiting, Optional.empty());
    }

    public static Depths incomplete(Map<String, Long> waiting, String why) {
      return new Depths(waiting, Optional.of(why));
    }
  }
}
