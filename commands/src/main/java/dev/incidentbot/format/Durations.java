package dev.incidentbot.format;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people type and read them: {@code 500ms}, {@code 2s}, {@code 5m}, {@code 1h}. */
public final class Durations {
  private static final Pattern TEXT = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");

  private Durations() {}

  /**
   * Parses {@code 500ms}, {@code 2s}, {@code 10m}, {@code 1h} or {@code 7d}.
   *
   * @throws IllegalArgumentException saying what a valid value looks like
   */
  public static Duration parse(String text) {
    Matcher m = TEXT.matcher(text == null ? "" : text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration; use a number with ms, s, m, h or d, like 2s or 10m");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /**
   * {@code d} as people type it, in the largest whole unit: "10m", "1h", "305s", "250ms"; {@link
   * #parse} reads it back as the same duration.
   */
  public static String typed(Duration d) {
    long ms = d.toMillis();
    if (ms % 1000 != 0) {
      return ms + "ms";
    }
    long s = ms / 1000;
    if (s == 0 || s % 60 != 0) {
      return s + "s";
    }
    if (s % 3600 != 0) {
      return s / 60 + "m";
    }
    return s % 86_400 == 0 ? s / 86_400 + "d" : s / 3600 + "h";
  }

  /** "2 s", "350 ms", "4 min", "1 h 5 min". */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    long minutes = d.toMinutes();
    if (minutes < 60) {
      long s = d.toSecondsPart();
      return minutes + " min" + (s != 0 ? " " + s + " s" : "");
    }
    long hours = d.toHours();
    if (hours < 48) {
      long m = d.toMinutesPart();
      return hours + " h" + (m != 0 ? " " + m + " min" : "");
    }
    return d.toDays() + " d";
  }
}
