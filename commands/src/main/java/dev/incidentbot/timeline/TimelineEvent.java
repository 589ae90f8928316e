package dev.incidentbot.timeline;

import dev.incidentbot.chat.Place;
import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened during an incident.
 *
 * @param at when
 * @param kind what sort of event
 * @param actor who (a person's name, or the automated source)
 * @param target the Redis target it concerns, or null
 * @param place where it happened (an incident or alert thread), or null
 * @param text one or two lines, safe to show
 */
public record TimelineEvent(
    Instant at, Kind kind, String actor, String target, Place place, String text) {

  /** The kinds of timeline event. */
  public enum Kind {
    ALERT,
    COMMAND,
    CONFIRMATION,
    ACTION,
    FOLLOW_UP,
    STATUS_UPDATE,
    NOTE
  }

  public TimelineEvent {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(text, "text");
  }
}
