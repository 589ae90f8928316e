package dev.incidentbot.alert;

import java.time.Duration;
import java.time.Instant;

/**
 * How a change of a still-firing group shows in its thread. A flapping or growing group sends a
 * notification per group_interval; posting each would flood the thread and queue everything behind
 * the chat platform's per-thread rate limit. So while the group's latest update message is recent
 * (posted less than the update window ago) a change edits it in place; after that a change posts a
 * new one, so the thread keeps a readable history, at most one update message per window.
 *
 * <p>A change that brings a new target always posts: its triage follows it, and the next change
 * must not rewrite a message above that triage.
 *
 * <p>Stateless and thread-safe.
 */
final class ChangeCoalescing {

  /** What to do with a change. */
  enum Decision {
    /** Edit the group's latest update message to say the new state. */
    EDIT_LATEST,
    /** Post a new update message, which becomes the group's latest. */
    POST_NEW
  }

  private ChangeCoalescing() {}

  /**
   * @param latest the group's latest update message, or null when there is none to edit
   * @param now when the change arrived
   * @param window the update window; zero posts every change
   * @param targetsJoined whether the change maps the group to a target it did not have
   */
  static Decision decide(
      AlertGroup.LatestUpdate latest, Instant now, Duration window, boolean targetsJoined) {
    if (targetsJoined || latest == null || window.isZero()) {
      return Decision.POST_NEW;
    }
    return now.isBefore(latest.postedAt().plus(window)) ? Decision.EDIT_LATEST : Decision.POST_NEW;
  }
}
