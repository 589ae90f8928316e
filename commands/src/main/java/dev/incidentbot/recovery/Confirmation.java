package dev.incidentbot.recovery;

import dev.incidentbot.chat.Place;
import java.time.Instant;
import java.util.Objects;

/**
 * A stored plan and what became of it.
 *
 * @param id the opaque id behind its buttons
 * @param plan what was planned
 * @param requesterId who asked (platform id)
 * @param requesterName who asked (display name)
 * @param place where it was asked, where results and follow-ups go
 * @param createdAt when it was planned
 * @param expiresAt after this it can no longer be confirmed
 * @param state its state as of when it was read (pending past its expiry reads as expired)
 * @param decidedByName who confirmed or cancelled it, or null
 * @param decidedAt when, or null
 * @param succeeded for {@link State#DONE}: whether it worked; null for one that was interrupted
 *     (the bot stopped while it ran, so whether it worked is unknown) and for the other states
 * @param outcome for {@link State#DONE}: the outcome's headline; otherwise ""
 */
public record Confirmation(
    String id,
    Plan plan,
    String requesterId,
    String requesterName,
    Place place,
    Instant createdAt,
    Instant expiresAt,
    State state,
    String decidedByName,
    Instant decidedAt,
    Boolean succeeded,
    String outcome) {

  /** Where a confirmation is in its life. Only PENDING can move on; DONE is final. */
  public enum State {
    PENDING,
    CONFIRMED,
    CANCELLED,
    EXPIRED,
    DONE;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public Confirmation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(requesterId, "requesterId");
    Objects.requireNonNull(place, "place");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(state, "state");
    outcome = outcome == null ? "" : outcome;
  }
}
