package dev.incidentbot.recovery;

import java.util.Locale;

/** How much harm a recovery action can do if it is the wrong call. */
public enum Risk {
  /** Nothing is lost: statistics reset, allocator purge, a background save. */
  LOW,
  /** Data or connections are removed, but only what the plan names. */
  MEDIUM,
  /** Could cause data loss, write errors or an outage; needs a second person. */
  HIGH;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The higher of the two. */
  public Risk max(Risk other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
