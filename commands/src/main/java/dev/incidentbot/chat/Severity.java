package dev.incidentbot.chat;

/** How a reply should look: adapters map these to colours and markers. */
public enum Severity {
  OK,
  INFO,
  WARN,
  CRITICAL;

  /** The worse of the two. */
  public Severity max(Severity other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
