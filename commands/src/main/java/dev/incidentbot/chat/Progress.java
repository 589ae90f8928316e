package dev.incidentbot.chat;

/**
 * How a long-running command shows progress and learns that someone pressed Stop. Adapters edit the
 * message in place; they may drop updates that come faster than about one a second.
 */
public interface Progress {

  /** Progress that shows nothing and is never stopped. */
  Progress NONE = new Progress() {};

  /** Show an interim state of the reply. Called from the command's thread. */
  default void update(Reply interim) {}

  /** Whether someone asked to stop; long loops check it between batches. */
  default boolean stopRequested() {
    return false;
  }
}
