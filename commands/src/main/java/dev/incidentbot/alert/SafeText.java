package dev.incidentbot.alert;

import dev.incidentbot.chat.Ellipsis;

/**
 * Alert text made safe to echo: whatever an alert says can never ping anyone. Adapters suppress
 * mentions as well; this is the second lock on the door.
 */
final class SafeText {
  private static final char ZERO_WIDTH_SPACE = '\u200b';

  private SafeText() {}

  /** {@code text} with every {@code @} and {@code <@…>}/{@code <#…>} form defused. */
  static String of(String text) {
    if (text == null) {
      return "";
    }
    return text.replace("@", "@" + ZERO_WIDTH_SPACE).replace("<#", "<" + ZERO_WIDTH_SPACE + "#");
  }

  /** {@link #of} cut to {@code max} characters. */
  static String cut(String text, int max) {
    return Ellipsis.cut(of(text), max);
  }

  /**
   * {@link #cut}, on one line: line breaks (and the spaces around them) become one space, so a
   * multi-line annotation stays one item of a list.
   */
  static String line(String text, int max) {
    return cut(text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " "), max);
  }
}
