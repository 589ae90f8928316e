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
 * @param dead whether its registration outlived it: RQ still lists it in {@code rq:workers} but its
 *     {@code rq:worker:<name>} hash, which a live worker keeps refreshing, has expired
 */
public record WorkerState(
    String kind, String name, Optional<Duration> heartbeatAge, String detail, boolean dead) {

  /** A worker that, as far as its registration says, is alive. */
  public WorkerState(String kind, String name, Optional<Duration> heartbeatAge, String detail) {
    this(kind, name, heartbeatAge, detail, false);
  }

  /** A worker whose heartbeat is older than {@code stale}. */
  public boolean staleAfter(Duration stale) {
    return heartbeatAge.map(age -> age.compareTo(stale) > 0).orElse(false);
  }

  /** Dead, or stale after {@code stale}: either way it is not taking jobs. */
  public boolean troubled(Duration stale) {
    return dead || staleAfter(stale);
  }
}
