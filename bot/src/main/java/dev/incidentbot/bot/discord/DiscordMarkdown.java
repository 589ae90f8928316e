package dev.incidentbot.bot.discord;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Escapes text for the parts of an embed Discord renders as Markdown (title, description, field
 * names and values), so that a key name, a client name, an alert annotation or a typed incident
 * title reads exactly as it is: {@code cache:*:x:*} stays two asterisks, not italics, and {@code
 * [click](https://evil.example)} stays visible text, not a link disguised as "click".
 *
 * <p>The rule: a backslash goes before
 *
 * <ul>
 *   <li>every {@code \ * _ ~ ` | [ ] < > #}, wherever it stands: emphasis, underline,
 *       strike-through, code, spoilers, masked links, mentions, timestamps and custom emoji ({@code
 *       <…>}), block quotes and headers (also {@code -#} subtext);
 *   <li>every {@code -} and {@code +} followed by a space or tab (list items);
 *   <li>every {@code .} between a digit and a space or tab (numbered list items).
 * </ul>
 *
 * The last three apply anywhere, not just at the start of a line, because {@link TextChunks} may
 * break an over-long line at any character; that break never falls between a backslash and the
 * character it escapes. Bare {@code http://} and {@code https://} links are left as they are:
 * Discord links them before it reads Markdown, so a backslash would become part of the link. Text
 * that is already fenced as code must not come here: Discord shows a backslash there as it is.
 *
 * <p>JDA's {@code MarkdownSanitizer.escape} is not used because it escapes only emphasis, code,
 * spoilers and quotes, not masked links, headers, list markers or angle brackets. Pure;
 * thread-safe.
 */
final class DiscordMarkdown {
  private static final String ALWAYS = "\\*_~`|[]<>#";

  /** A bare link as Discord finds one: it ends before trailing punctuation. */
  private static final Pattern LINK =
      Pattern.compile("(?<![A-Za-z0-9])https?://[^\\s<]*[^\\s<.,:;\"')\\]]");

  private DiscordMarkdown() {}

  /**
   * {@code content} made safe inside a {@code ```} code block: Discord closes a block at the first
   * three backticks, so a zero-width space goes between every two adjacent backticks. No run of
   * backticks survives, however long ({@code ````} would otherwise leave a closing {@code ```}
   * after one replacement), and the text reads the same: the space is drawn as nothing.
   */
  static String inCodeBlock(String content) {
    if (content.indexOf("``") < 0) {
      return content;
    }
    var out = new StringBuilder(content.length() + 8);
    for (int i = 0; i < content.length(); i++) {
      char c = content.charAt(i);
      if (c == '`' && i > 0 && content.charAt(i - 1) == '`') {
        out.append('\u200b');
      }
      out.append(c);
    }
    return out.toString();
  }

  /**
   * A CommonMark fence for {@code content} in a Markdown file: one backtick longer than the longest
   * run of backticks in it (at least three), so the content cannot close it.
   */
  static String fenceFor(String content) {
    int longest = 0;
    int run = 0;
    for (int i = 0; i < content.length(); i++) {
      run = content.charAt(i) == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    return "`".repeat(Math.max(3, longest + 1));
  }

  /** {@code text} with every Markdown character escaped, so that it renders as it reads. */
  static String escape(String text) {
    var out = new StringBuilder(text.length() + 16);
    Matcher link = LINK.matcher(text);
    int at = 0;
    while (link.find()) {
      escape(text, at, link.start(), out);
      out.append(link.group());
      at = link.end();
    }
    escape(text, at, text.length(), out);
    return out.toString();
  }

  private static void escape(String text, int from, int to, StringBuilder out) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (special(text, i, c)) {
        out.append('\\');
      }
      out.append(c);
    }
  }

  private static boolean special(String text, int i, char c) {
    if (ALWAYS.indexOf(c) >= 0) {
      return true;
    }
    boolean beforeSpace = i + 1 < text.length() && isBlank(text.charAt(i + 1));
    return switch (c) {
      case '-', '+' -> beforeSpace;
      case '.' -> beforeSpace && i > 0 && isDigit(text.charAt(i - 1));
      default -> false;
    };
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t';
  }
}
