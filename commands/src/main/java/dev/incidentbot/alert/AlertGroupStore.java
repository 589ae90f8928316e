package dev.incidentbot.alert;

import java.util.Optional;

/**
 * Port: alert groups, in the bot's own database (never in a Redis it watches). Deliveries already
 * seen are the {@link AlertInbox}'s. Implementations are thread-safe; every method is one short
 * transaction, and {@link #create} is atomic across bot instances sharing the database.
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
}
