package dev.incidentbot.redis.queues;

import java.util.Map;

/**
 * One queue's job counts per state, as found in Redis.
 *
 * @param system "BullMQ" or "RQ"
 * @param name the queue's name
 * @param counts jobs per state, in the order people read them
 * @param depth jobs waiting to run (BullMQ wait + paused + prioritized; RQ queued)
 * @param notes what else a person should know: stalled or abandoned jobs, keys of a wrong type
 */
public record QueueState(
    String system,
    String name,
    Map<String, Long> counts,
    long depth,
    java.util.List<String> notes) {

  public QueueState {
    counts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(counts));
    notes = java.util.List.copyOf(notes);
  }

  public long count(String state) {
    return counts.getOrDefault(state, 0L);
  }
}
