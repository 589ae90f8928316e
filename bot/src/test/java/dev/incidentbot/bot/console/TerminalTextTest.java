package dev.incidentbot.bot.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("TerminalText shows controls as visible characters")
class TerminalTextTest {
  @Test
  @DisplayName("plain text, emoji, line feeds and tabs are untouched")
  void plain() {
    String text = "── cache: healthy [OK]\n  memory\t12 %  🔥 ünïcode";
    assertThat(TerminalText.safe(text)).isSameAs(text);
  }

  @Test
  @DisplayName("every C0, DEL, C1 and bidi control is replaced; none survives")
  void everyControl() {
    var all = new StringBuilder();
    for (char c = 0; c < 0xa0; c++) {
      all.append(c);
    }
    all.append("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069");

    String safe = TerminalText.safe(all.toString());

    assertThat(safe.chars().filter(c -> c != '\n' && c != '\t'))
        .allMatch(c -> c >= 0x20 && c < 0x7f);
    assertThat(safe).contains("^[", "^M", "^@", "^?", "<U+009B>", "<U+202E>", "<U+2069>");
  }
}
