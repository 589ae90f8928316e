package dev.incidentbot.redis.queues;

import java.time.Duration;
import java.util.Optional;

/**
 * One registered worker.
 *
 * @param kind "worker:*" key, "RQ" or "BullMQ"
 * @param name its name or key
 * @param heartbeatAge time since its last heartbeat (or, for a BullMQ worker, since its connection
 *     last did anything), when known
 * @param detail state, queues or TTL, as found
 */
public record WorkerState(
    String kind, String name, Optional<Duration> heartbeatAge, String detail) {

  /** A worker whose heartbeat is older than {@code stale}. */
  public boolean staleAfter(Duration stale) {
    return heartbeatAge.map(age -> age.compareTo(stale) > 0).orElse(false);
  }
}
