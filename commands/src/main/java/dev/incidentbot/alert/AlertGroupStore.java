package dev.incidentbot.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Port: alert groups and the deliveries already seen, in the bot's own database (never in a Redis
 * it watches). Implementations are thread-safe; every method is one short transaction, and the two
 * that claim something are atomic across bot instances sharing the database.
 */
public interface AlertGroupStore {

  /** The group with this key, if the bot has seen it. */
  Optional<AlertGroup> find(String key);

  /**
   * Stores a new group unless one with its key exists.
   *
   * @return false when another writer stored it first
   */
  boolean create(AlertGroup group);

  /** Replaces the stored group with the same key. */
  void update(AlertGroup group);

  /**
   * Records that {@code deliveryKey} arrived at {@code now}.
   *
   * @return false when it was already recorded less than {@code window} ago: a retried delivery
   */
  boolean firstDelivery(String deliveryKey, Instant now, Duration window);
}
