package dev.incidentbot.recovery;

import java.time.Duration;
import java.util.Optional;

/**
 * Port: one changing action per target at a time, agreed through the bot's database so that two bot
 * instances agree too. A lock held by a crashed instance lapses after its lease; a running action
 * renews its lease as it goes. Implementations are thread-safe.
 */
public interface TargetLocks {

  /** Takes the lock on {@code key} for {@code holder}; false when someone else holds it. */
  boolean acquire(String key, String holder, Duration lease);

  /**
   * Extends the lease of a lock {@code holder} holds.
   *
   * @return false when {@code holder} no longer holds it (the lease lapsed and another holder took
   *     the lock, or it was released): whoever renews must stop changing the target
   */
  boolean renew(String key, String holder, Duration lease);

  /** Releases the lock if {@code holder} holds it. */
  void release(String key, String holder);

  /** Who holds the lock on {@code key} now, if anyone. */
  Optional<String> holder(String key);
}
