package dev.incidentbot.chat;

/**
 * Posts messages the bot says on its own, not as the answer to a request: follow-up results,
 * stakeholder updates, alert threads. Adapters implement it (Discord channels and threads, console
 * lines). Implementations are thread-safe and enforce their platform's limits.
 */
public interface Outbox {

  /** The channels the bot is given, by purpose. */
  enum Channel {
    /** Where the team works and incident threads live. */
    OPS,
    /** Where stakeholders read status updates. */
    STAKEHOLDERS,
    /** Where alerts arrive and alert threads are opened. */
    ALERTS
  }

  /** A message the bot posted. */
  record Posted(Place place, String messageId) {}

  /** Where messages for {@code channel} go. */
  Place place(Channel channel);

  /** Posts {@code reply} at {@code place} (a channel or a thread). */
  Posted post(Place place, Reply reply);

  /**
   * Posts {@code reply} at {@code place} at most once per {@code key}, so that a post repeated
   * after a crash (its result never recorded) answers the message posted the first time instead of
   * posting another. {@code key} names this very post stably across restarts and instances (which
   * work item, which of its posts), in letters, digits, dots and dashes. Adapters dedupe within
   * their platform's window (Discord's message nonce: a few minutes); past it, or in adapters that
   * cannot dedupe (the default), this is {@link #post(Place, Reply)}: at least once.
   *
   * @param key the post's idempotency key, or null for a plain post
   */
  default Posted post(Place place, Reply reply, String key) {
    return post(place, reply);
  }

  /**
   * Replaces what {@code message}, posted by this outbox, says with {@code reply}, in place.
   * Adapters that cannot edit keep the default.
   *
   * @return false when the message cannot be edited (the adapter cannot, or the message is gone):
   *     the caller posts a new one instead
   */
  default boolean edit(Posted message, Reply reply) {
    return false;
  }

  /**
   * Starts a thread named {@code name} on a posted message; replies to it go in the thread. When
   * that message has its thread already (a start repeated after a crash), answers that thread.
   */
  Place startThread(Posted message, String name);
}
