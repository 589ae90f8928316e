package dev.incidentbot.redis.queues;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One queue's job counts per state, as found in Redis.
 *
 * @param system "BullMQ" or "RQ"
 * @param prefix the BullMQ key prefix it lives under ("" for RQ)
 * @param name the queue's name
 * @param counts jobs per state, in the order people read them
 * @param depth jobs waiting to run (BullMQ wait + paused + prioritized; RQ queued)
 * @param stuck jobs whose worker is gone, each counted once: BullMQ active or stalled jobs whose
 *     lock has expired, RQ started jobs past their heartbeat deadline
 * @param notes what else a person should know: stalled or abandoned jobs, keys of a wrong type
 */
public record QueueState(
    String system,
    String prefix,
    String name,
    Map<String, Long> counts,
    long depth,
    long stuck,
    List<String> notes) {

  public QueueState {
    counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    notes = List.copyOf(notes);
  }

  public long count(String state) {
    return counts.getOrDefault(state, 0L);
  }

  /** "BullMQ emails", or "BullMQ jobs:emails" under a prefix other than the default. */
  public String label() {
    boolean plain = prefix.isEmpty() || prefix.equals(BullMqQueues.DEFAULT_PREFIX);
    return system + " " + (plain ? name : prefix + ":" + name);
  }
}
