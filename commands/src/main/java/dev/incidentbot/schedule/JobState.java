package dev.incidentbot.schedule;

import java.util.Optional;

/**
 * Port: what a job remembers between its runs (a baseline, the previous check, the last post), as
 * short text values under a key (a job id or group) and a name. Kept in the bot's own database,
 * never in a Redis it watches. Thread-safe.
 */
public interface JobState {

  Optional<String> get(String key, String name);

  void put(String key, String name, String value);

  /** Forgets everything under {@code key}, as when its jobs are cancelled. */
  void clear(String key);
}
