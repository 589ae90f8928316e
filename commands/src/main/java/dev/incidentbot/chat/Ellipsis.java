package dev.incidentbot.chat;

import java.text.BreakIterator;
import java.util.Locale;

/**
 * Shortens text for places with a length limit (thread names, modal titles, audit details, option
 * hints) without breaking a character: a cut falls only between user-perceived characters (grapheme
 * clusters), so an emoji, a flag or a letter with its accent is kept whole or dropped whole, never
 * left as half a surrogate pair that Discord refuses and terminals draw as �. Lengths are counted
 * in UTF-16 units, as Java and Discord's API limits count them. Pure; thread-safe.
 */
public final class Ellipsis {
  private static final String MARK = "…";

  private Ellipsis() {}

  /**
   * {@code text} when it has at most {@code max} units; otherwise its longest whole-character
   * prefix that leaves room for "…", then "…".
   */
  public static String cut(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    return prefix(text, max - MARK.length()) + MARK;
  }

  /**
   * Like {@link #cut}, but ends at a word's end when there is one in the last third, so a hint
   * reads "… maxmemory, policy…" and not "… maxmemory, pol…".
   */
  public static String cutAtWord(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    String head = prefix(text, max - MARK.length());
    int space = head.lastIndexOf(' ');
    if (space >= head.length() * 2 / 3) {
      head = head.substring(0, space);
    }
    return head.replaceAll("[\\s,;:.—-]+$", "") + MARK;
  }

  /**
   * The longest prefix of {@code text} of at most {@code max} units that ends between characters.
   */
  public static String prefix(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    if (max <= 0) {
      return "";
    }
    BreakIterator characters = BreakIterator.getCharacterInstance(Locale.ROOT);
    characters.setText(text);
    int end = characters.isBoundary(max) ? max : characters.preceding(max);
    // the JDK's clusters do not always join emoji sequences: never end beside a joiner or selector
    while (end > 0 && (joins(text.charAt(end - 1)) || joins(text.charAt(end)))) {
      end = characters.preceding(end);
    }
    return end <= 0 ? "" : text.substring(0, end);
  }

  /** The zero-width joiner and the variation selectors bind to a neighbour. */
  private static boolean joins(char c) {
    return c == '\u200d' || (c >= '\ufe00' && c <= '\ufe0f');
  }
}
