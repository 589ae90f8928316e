package dev.incidentbot.bot.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.discord.fake.RenderedText;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("DiscordMarkdown escapes every Markdown construct, so text reads as it is")
class DiscordMarkdownTest {

  @ParameterizedTest(name = "{0}")
  @DisplayName("each construct is escaped")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          italics with asterisks | "cache:*:x:*"               | "cache:\\*:x:\\*"
          italics with underscores | "_a_"                     | "\\_a\\_"
          bold                   | "**boom**"                  | "\\*\\*boom\\*\\*"
          underline              | "__u__"                     | "\\_\\_u\\_\\_"
          strike-through         | "~~gone~~"                  | "\\~\\~gone\\~\\~"
          spoiler                | "||hidden||"                | "\\|\\|hidden\\|\\|"
          inline code            | "`x`"                       | "\\`x\\`"
          masked link            | "[click](https://evil.example)" | "\\[click\\](https://evil.example)"
          mention and timestamp  | "<@123> <t:1700000000:R>"   | "\\<@123\\> \\<t:1700000000:R\\>"
          block quote            | "> quoted"                  | "\\> quoted"
          multi-line quote       | ">>> quoted"                | "\\>\\>\\> quoted"
          header                 | "# big"                     | "\\# big"
          subtext                | "-# small"                  | "-\\# small"
          list item with a dash  | "- item"                    | "\\- item"
          list item with a plus  | "+ item"                    | "\\+ item"
          numbered list item     | "1. first"                  | "1\\. first"
          a backslash            | "a\\b"                      | "a\\\\b"
          plain text untouched   | "user-1 3.5 ms, 10.0.0.5:6379 (primary)" | "user-1 3.5 ms, 10.0.0.5:6379 (primary)"
          a bare link untouched  | "see https://grafana.example/d/a_b*c?x=1." | "see https://grafana.example/d/a_b*c?x=1."
          """)
  void escapes(String construct, String text, String escaped) {
    assertThat(DiscordMarkdown.escape(text)).isEqualTo(escaped);
    assertThat(RenderedText.of(escaped)).as("as a Discord user reads it").isEqualTo(text);
  }

  @Test
  @DisplayName("line-start constructs are escaped on every line, and wherever a line may be cut")
  void lineStartsEverywhere() {
    String text = "ok\n# head\n> quote\n- item\n2. second\nmid # a > b - c 3. d";

    String escaped = DiscordMarkdown.escape(text);

    assertThat(escaped)
        .isEqualTo("ok\n\\# head\n\\> quote\n\\- item\n2\\. second\nmid \\# a \\> b \\- c 3\\. d");
    assertThat(RenderedText.of(escaped)).isEqualTo(text);
  }

  @Test
  @DisplayName("every ASCII punctuation character reads as it was, escaped or not")
  void roundTrip() {
    var all = new StringBuilder();
    for (char c = '!'; c <= '~'; c++) {
      if (!Character.isLetterOrDigit(c)) {
        all.append(c).append(c).append(' ').append(c).append("x").append(c).append('\n');
      }
    }
    String text = all + "\\*already escaped\\* and \\\\ two";

    assertThat(RenderedText.of(DiscordMarkdown.escape(text))).isEqualTo(text);
  }
}
