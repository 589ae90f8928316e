package dev.incidentbot.bot.discord.fake;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Discord user reads of the Markdown in an embed title, description or field: a backslash
 * before a character that is neither a letter, a digit nor white space is gone ({@code \*} reads
 * {@code *}), as in Discord's escape rule. Code ({@code ```} fences and {@code `} spans) and bare
 * {@code http(s)://} links are shown as they are, backslashes included, as Discord shows them.
 * Other formatting is not interpreted: {@code **boom**} reads {@code **boom**}, so a test that
 * finds it so in the raw text knows Discord would have shown it bold.
 */
public final class RenderedText {
  private static final Pattern LINK =
      Pattern.compile("(?<![A-Za-z0-9])https?://[^\\s<]*[^\\s<.,:;\"')\\]]");

  /**
   * Discord's code block rule (its Markdown parser's {@code codeBlock}): three backticks, an
   * optional language line, then everything up to the FIRST following three backticks.
   */
  private static final Pattern CODE_BLOCK =
      Pattern.compile(
          "```(?:([a-z0-9_+\\-.#]+?)\n)?\n*([^\n][\\s\\S]*?)\n*```", Pattern.CASE_INSENSITIVE);

  private RenderedText() {}

  /**
   * The contents of the code blocks Discord shows for {@code markdown}, in order, each as a user
   * reads it (zero-width spaces, which Discord draws as nothing, removed).
   */
  public static java.util.List<String> codeBlocks(String markdown) {
    var blocks = new java.util.ArrayList<String>();
    Matcher m = CODE_BLOCK.matcher(markdown);
    while (m.find()) {
      blocks.add(m.group(2).replace("\u200b", ""));
    }
    return blocks;
  }

  /** {@code markdown} as Discord shows it, escapes removed. */
  public static String of(String markdown) {
    var out = new StringBuilder(markdown.length());
    Matcher link = LINK.matcher(markdown);
    int i = 0;
    while (i < markdown.length()) {
      char c = markdown.charAt(i);
      int codeEnd = codeEnd(markdown, i);
      if (codeEnd > i) {
        out.append(markdown, i, codeEnd);
        i = codeEnd;
      } else if (c == '\\' && i + 1 < markdown.length() && escapable(markdown.charAt(i + 1))) {
        out.append(markdown.charAt(i + 1));
        i += 2;
      } else if (c == 'h' && link.find(i) && link.start() == i) {
        out.append(link.group());
        i = link.end();
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** Where the code starting at {@code i} ends (after its closing backticks), or {@code i}. */
  private static int codeEnd(String text, int i) {
    if (text.charAt(i) != '`') {
      return i;
    }
    String fence = text.startsWith("```", i) ? "```" : text.startsWith("``", i) ? "``" : "`";
    int close = text.indexOf(fence, i + fence.length());
    return close < 0 ? i : close + fence.length();
  }

  private static boolean escapable(char c) {
    return !Character.isLetterOrDigit(c) && !Character.isWhitespace(c);
  }
}
