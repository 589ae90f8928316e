package dev.incidentbot.recovery.action;

import dev.incidentbot.chat.UserFacingException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory sizes as people type them for maxmemory: {@code 536870912}, {@code 512mb}, {@code 2gb}.
 */
final class ByteSize {
  private static final Pattern SIZE = Pattern.compile("(\\d{1,13})\\s*(b|k|kb|m|mb|g|gb|t|tb)?");

  private ByteSize() {}

  /**
   * Parses a size; units are powers of 1024 like Redis's {@code kb}, {@code mb}, {@code gb}.
   *
   * @throws UserFacingException saying what a valid size looks like
   */
  static long parse(String option, String text) {
    Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new UserFacingException(
          option + ":" + text + " is not a size; use bytes or a unit, like 512mb or 2gb.");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2);
    int shift =
        switch (unit.charAt(0)) {
          case 'k' -> 10;
          case 'm' -> 20;
          case 'g' -> 30;
          case 't' -> 40;
          default -> 0;
        };
    if (n > (Long.MAX_VALUE >> shift)) {
      throw new UserFacingException(option + ":" + text + " is far too large.");
    }
    return n << shift;
  }
}
