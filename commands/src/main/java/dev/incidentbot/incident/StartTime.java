package dev.incidentbot.incident;

import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.format.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * An incident's {@code started:} as people type it: an ISO-8601 time ({@code
 * 2026-01-31T09:15:00Z}), how long ago ({@code 10m}, {@code 2h}), or a UTC clock time ({@code
 * 14:05}: today, or yesterday when that is still to come).
 */
final class StartTime {
  /** What the option's description and errors say it takes. */
  static final String FORMS =
      "ISO-8601 like 2026-01-31T09:15:00Z, how long ago like 10m, or a UTC"
          + " clock time like 14:05";

  private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
  private static final Pattern AGO = Pattern.compile("\\d{1,9}\\s*(ms|s|m|h|d)");
  private static final Pattern CLOCK = Pattern.compile("([01]?\\d|2[0-3]):[0-5]\\d(:[0-5]\\d)?");

  private StartTime() {}

  /**
   * The instant {@code text} names, as seen at {@code now}.
   *
   * @throws UserFacingException saying which forms it takes, or that the time is in the future
   */
  static Instant parse(String text, Instant now) {
    String t = text.strip();
    Instant at;
    if (AGO.matcher(t).matches()) {
      at = now.minus(Durations.parse(t));
    } else if (CLOCK.matcher(t).matches()) {
      LocalTime time = LocalTime.parse(t.length() == 4 || t.length() == 7 ? "0" + t : t);
      at = LocalDate.ofInstant(now, ZoneOffset.UTC).atTime(time).toInstant(ZoneOffset.UTC);
      if (at.isAfter(now.plus(CLOCK_SKEW))) {
        at = at.minus(Duration.ofDays(1));
      }
    } else {
      try {
        at = OffsetDateTime.parse(t).toInstant();
      } catch (DateTimeParseException e) {
        throw new UserFacingException("started:" + text + " is not a time; use " + FORMS + ".");
      }
    }
    if (at.isAfter(now.plus(CLOCK_SKEW))) {
      throw new UserFacingException("started:" + text + " is in the future.");
    }
    return at;
  }
}
