package dev.incidentbot.bot.discord;

import dev.incidentbot.chat.Ellipsis;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into chunks of at most a given length, at line ends where it can, so that each chunk
 * reads well on its own: a {@code ```} code block cut in two is closed at the end of one chunk and
 * opened again at the start of the next. Joining the chunks loses no line of the text. No cut falls
 * between a backslash and the character it escapes ({@link DiscordMarkdown}), nor inside a
 * surrogate pair.
 */
final class TextChunks {
  /** Room kept for closing and reopening a code fence around a cut. */
  private static final int FENCE_ROOM = 40;

  private TextChunks() {}

  /**
   * The chunks of {@code text}, each at most {@code max} characters ({@code max} above 100).
   * Returns {@code [text]} when it fits.
   */
  static List<String> split(String text, int max) {
    if (text.length() <= max) {
      return List.of(text);
    }
    var chunks = new ArrayList<String>();
    var current = new StringBuilder();
    String openFence = null;
    for (String line : text.split("\n", -1)) {
      List<String> pieces = pieces(line, max - 2 * FENCE_ROOM);
      boolean toggles = pieces.size() == 1 && line.strip().startsWith("```");
      for (String piece : pieces) {
        // room for the closing fence this chunk will need if it ends after this piece: a piece
        // that opens a block needs it as much as one inside a block
        boolean openAfter = toggles ? openFence == null : openFence != null;
        int closing = openAfter ? 4 : 0;
        int sep = current.isEmpty() ? 0 : 1;
        if (!current.isEmpty() && current.length() + sep + piece.length() + closing > max) {
          if (openFence != null) {
            current.append("\n```");
          }
          chunks.add(current.toString());
          current.setLength(0);
          if (openFence != null) {
            current.append(openFence);
          }
        }
        if (!current.isEmpty()) {
          current.append('\n');
        }
        current.append(piece);
      }
      if (toggles) {
        openFence = openFence == null ? fence(line.strip()) : null;
      }
    }
    if (!current.isEmpty() || chunks.isEmpty()) {
      chunks.add(current.toString());
    }
    return chunks;
  }

  /** {@code text} cut to {@code max} characters, ending in an ellipsis when it was longer. */
  static String cut(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    String head = Ellipsis.prefix(text, max - 1);
    int backslashes = 0;
    while (backslashes < head.length() && head.charAt(head.length() - 1 - backslashes) == '\\') {
      backslashes++;
    }
    // an escaping backslash is never left without the character it escapes
    return (backslashes % 2 == 1 ? head.substring(0, head.length() - 1) : head) + "…";
  }

  private static String fence(String line) {
    return line.length() <= FENCE_ROOM - 5 ? line : "```";
  }

  private static List<String> pieces(String line, int size) {
    if (line.length() <= size) {
      return List.of(line);
    }
    var pieces = new ArrayList<String>();
    int from = 0;
    while (from < line.length()) {
      int to = from + size >= line.length() ? line.length() : cutAt(line, from + size);
      pieces.add(line.substring(from, to));
      from = to;
    }
    return pieces;
  }

  /**
   * {@code at}, or one less when cutting there would separate an escaping backslash (the last of an
   * odd run) from the character it escapes, or the halves of a surrogate pair.
   */
  private static int cutAt(String text, int at) {
    int backslashes = 0;
    while (backslashes < at && text.charAt(at - 1 - backslashes) == '\\') {
      backslashes++;
    }
    boolean splitsEscape = backslashes % 2 == 1;
    boolean splitsPair =
        Character.isHighSurrogate(text.charAt(at - 1)) && Character.isLowSurrogate(text.charAt(at));
    return splitsEscape || splitsPair ? at - 1 : at;
  }
}
