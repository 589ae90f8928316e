package dev.incidentbot.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Ellipsis cuts between characters, never inside one")
class EllipsisTest {
  @Test
  @DisplayName("short text is returned as it is")
  void fits() {
    assertThat(Ellipsis.cut("cache down", 10)).isEqualTo("cache down");
  }

  @Test
  @DisplayName("at every length, no half surrogate pair, no dangling joiner, within the limit")
  void everyLength() {
    String title = "Redis 🔥 down 👩‍👩‍👧 in 🇫🇷 — é (e + ́) 1️⃣ done";
    for (int max = 1; max <= title.length(); max++) {
      String cut = Ellipsis.cut(title, max);
      assertThat(cut.length()).as("max %d", max).isLessThanOrEqualTo(max);
      assertThat(cut.chars().filter(c -> Character.isSurrogate((char) c)).count() % 2).isZero();
      for (int i = 0; i < cut.length(); i++) {
        char c = cut.charAt(i);
        if (Character.isHighSurrogate(c)) {
          assertThat(Character.isLowSurrogate(cut.charAt(i + 1))).as("max %d", max).isTrue();
        }
      }
      String kept =
          cut.endsWith("…") && cut.length() < title.length()
              ? cut.substring(0, cut.length() - 1)
              : cut;
      assertThat(kept).doesNotEndWith("\u200d");
      assertThat(title).startsWith(kept);
    }
  }

  @Test
  @DisplayName("a 100-unit thread name of emoji is cut to whole emoji")
  void emojiTitle() {
    String cut = Ellipsis.cut("🔥".repeat(60), 100);
    assertThat(cut).isEqualTo("🔥".repeat(49) + "…");
  }

  @Test
  @DisplayName("a hint is cut after a whole word")
  void atWord() {
    String hint =
        "section: server, clients, memory, persistence, stats, replication, cpu, modules,"
            + " errorstats, cluster, keyspace, commandstats, latencystats";
    String cut = Ellipsis.cutAtWord(hint, 100);
    assertThat(cut).hasSizeLessThanOrEqualTo(100).endsWith("…");
    String kept = cut.substring(0, cut.length() - 1);
    assertThat(hint).startsWith(kept);
    assertThat(hint.charAt(kept.length())).as("cut after a whole word").isIn(',', ' ');
  }
}
