package dev.incidentbot.format;

import java.util.Locale;

/**
 * Counts as people read them, the same way in every reply: "23,000", "1 key", "23,000 keys".
 * Identifiers that happen to be numbers (ports, slot numbers, replication offsets, values Redis
 * prints such as INFO and CONFIG GET) are not counts and stay as Redis shows them.
 */
public final class Counts {
  private Counts() {}

  /** "7", "1,500", "23,000", "-1,200". */
  public static String format(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** "1 key", "0 keys", "23,000 keys". */
  public static String of(long n, String one, String many) {
    return format(n) + " " + (n == 1 ? one : many);
  }
}
