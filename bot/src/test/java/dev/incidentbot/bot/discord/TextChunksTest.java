package dev.incidentbot.bot.discord;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("TextChunks: every chunk within the limit, whole characters, fences balanced")
class TextChunksTest {
  private static final List<String> LINES =
      List.of("```", "```text", "plain line", "🔥🔥🔥", "\\*", "x".repeat(300), "", "a\\");

  @Test
  @DisplayName("a chunk that ends on an opening fence still fits once the fence is closed")
  void endsOnOpeningFence() {
    int max = 200;
    // the fence line lands exactly where the chunk is full
    String text = "y".repeat(max - 8) + "\n```text\n" + "z".repeat(50) + "\n```";

    for (String chunk : TextChunks.split(text, max)) {
      assertThat(chunk.length()).isLessThanOrEqualTo(max);
    }
  }

  @Test
  @DisplayName("random text with fences, emoji, escapes and long lines: no chunk over the limit")
  void randomText() {
    var random = new Random(4096);
    for (int run = 0; run < 3000; run++) {
      int max = 150 + random.nextInt(300);
      var sb = new StringBuilder();
      int lines = 1 + random.nextInt(40);
      for (int i = 0; i < lines; i++) {
        String line = LINES.get(random.nextInt(LINES.size()));
        sb.append(line.length() > 50 ? line.substring(0, random.nextInt(line.length())) : line);
        sb.append('\n');
      }
      String text = sb.toString();

      List<String> chunks = TextChunks.split(text, max);

      for (String chunk : chunks) {
        assertThat(chunk.length()).as("run %d, max %d", run, max).isLessThanOrEqualTo(max);
        assertThat(Character.isHighSurrogate(chunk.charAt(chunk.length() - 1)))
            .as("run %d ends in half an emoji", run)
            .isFalse();
        assertThat(chunk.isEmpty() || !Character.isLowSurrogate(chunk.charAt(0))).isTrue();
      }
    }
  }

  @Test
  @DisplayName("cut never leaves half an emoji nor a lone escaping backslash")
  void cut() {
    for (int max = 2; max < 40; max++) {
      String cut = TextChunks.cut("ab🔥🔥🔥\\*\\*🇫🇷🇫🇷👩‍👩‍👧 family", max);
      assertThat(cut.length()).isLessThanOrEqualTo(max);
      assertThat(cut.codePoints().filter(c -> c >= 0xd800 && c <= 0xdfff).count()).isZero();
      assertThat(cut.replace("…", ""))
          .doesNotEndWith("\u200d")
          .doesNotMatch("(?s).*(?<!\\\\)(\\\\\\\\)*\\\\$");
    }
  }
}
