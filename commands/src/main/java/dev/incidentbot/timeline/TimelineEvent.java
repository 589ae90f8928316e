package dev.incidentbot.timeline;

import dev.incidentbot.chat.Place;
import java.time.Instant;
import java.util.Locale;
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
 * @param verdict what a follow-up check found, recorded with it so that readers (the review, the
 *     timeline export) need not read it back from the text an operator's template words; null for
 *     every other event
 */
public record TimelineEvent(
    Instant at, Kind kind, String actor, String target, Place place, String text, Verdict verdict) {

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

  /** What a follow-up check found: whether the fix held. */
  public enum Verdict {
    HELD,
    HELD_WITH_WARNINGS,
    NOT_FIXED,
    REGRESSED;

    /** A few words for people: {@code held}, {@code held with warnings}, {@code not fixed}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** Whether the fix held, warnings or not; a regression or the problem still there did not. */
    public boolean held() {
      return this == HELD || this == HELD_WITH_WARNINGS;
    }
  }

  public TimelineEvent {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(text, "text");
    if (verdict != null && kind != Kind.FOLLOW_UP) {
      throw new IllegalArgumentException("a verdict on a " + kind + " event");
    }
  }

  /** An event without a verdict: anything but a follow-up check's result. */
  public TimelineEvent(
      Instant at, Kind kind, String actor, String target, Place place, String text) {
    this(at, kind, actor, target, place, text, null);
  }
}
