package dev.incidentbot.alert.silence;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Port: what the bot keeps about silences and acknowledgements in its own database (never in a
 * Redis it watches): each alert group's labels as its last firing notification had them in common,
 * the silences it created, and who took each group. Thread-safe; every method is one short
 * transaction.
 */
public interface SilenceStore {

  /** Remembers the labels every alert of the group shared in its latest notification. */
  void rememberLabels(String groupKey, Map<String, String> labels);

  /** The labels the group's alerts share, if any notification was seen. */
  Optional<Map<String, String>> labels(String groupKey);

  /** Every group's remembered labels, by group key. */
  Map<String, Map<String, String>> allLabels();

  /** The key of the alert group whose thread has this id. */
  Optional<String> groupByThread(String threadId);

  /** The key of the most recently seen alert group with this name (its thread's name). */
  Optional<String> groupByName(String name);

  /** Stores a silence Alertmanager confirmed. */
  void save(SilenceRecord silence);

  /** Replaces the stored silence with the same id (extended, expired). */
  void update(SilenceRecord silence);

  Optional<SilenceRecord> find(String id);

  /** The silences of {@code groupKey} still active at {@code now}, soonest end first. */
  List<SilenceRecord> activeForGroup(String groupKey, Instant now);

  /** Every silence still active at {@code now}, soonest end first. */
  List<SilenceRecord> active(Instant now);

  /** Records that {@code ack} took the group; a later ack replaces it. */
  void acknowledge(Ack ack);

  /** Who took the group, if anyone. */
  Optional<Ack> ack(String groupKey);

  /**
   * Someone took an alert group.
   *
   * @param groupKey the group
   * @param byId their platform id
   * @param byName their name
   * @param at when
   */
  record Ack(String groupKey, String byId, String byName, Instant at) {}
}
