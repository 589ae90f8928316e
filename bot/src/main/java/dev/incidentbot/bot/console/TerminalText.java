package dev.incidentbot.bot.console;

/**
 * Makes text safe to print on a terminal: what a Redis client name, an alert label, a key or a
 * runbook script's output contains cannot move the cursor, clear the screen, change colours, set
 * the window title or hide text. Line feeds and tabs stay; every other C0 control and DEL is shown
 * in caret notation ({@code ESC} as {@code ^[}, {@code CR} as {@code ^M}), the C1 controls
 * (U+0080–U+009F, which some terminals read as escapes too) and the bidirectional overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069, which reorder what follows) as {@code <U+009B>}.
 *
 * <p>Applied once, to everything the console prints that comes from a {@code Reply}, before the
 * console adds any formatting of its own. Pure; thread-safe.
 */
final class TerminalText {
  private TerminalText() {}

  /** {@code text} with every control shown as visible characters. */
  static String safe(String text) {
    int first = firstUnsafe(text);
    if (first < 0) {
      return text;
    }
    var out = new StringBuilder(text.length() + 16).append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\t' || !unsafe(c)) {
        out.append(c);
      } else if (c < 0x20) {
        out.append('^').append((char) (c + 0x40));
      } else if (c == 0x7f) {
        out.append("^?");
      } else {
        out.append(String.format("<U+%04X>", (int) c));
      }
    }
    return out.toString();
  }

  private static int firstUnsafe(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '\n' && c != '\t' && unsafe(c)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean unsafe(char c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069);
  }
}
