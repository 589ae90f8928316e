package dev.incidentbot.chat;

import java.time.Duration;
import java.util.Optional;

/**
 * Keeps the action behind each button under an opaque id, for a limited time, so platform ids stay
 * short and a press can be checked against what was offered. The bot stores them in its database.
 */
public interface ComponentStore {

  /** Stores {@code action} and returns the opaque id (at most 40 characters) to put on a button. */
  String save(Action action, Duration lifespan);

  /** The action behind {@code id}, if it exists and has not expired. */
  Optional<Action> find(String id);
}
