package dev.incidentbot.bot.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Console lines: Discord-like options, @user, press N")
class ConsoleLineTest {
  private static final Set<String> KNOWN = Set.of("help", "redis health", "incident declare");

  private static ConsoleLine parse(String line) {
    return ConsoleLine.parse(line, KNOWN::contains).orElseThrow();
  }

  @Test
  @DisplayName("two-word commands, options whose values run to the next name:, quotes")
  void options() {
    ConsoleLine line = parse("/incident declare title:Redis is down severity:P1 impact:\"a: b\"");

    assertThat(line.command()).isEqualTo("incident declare");
    assertThat(line.options())
        .isEqualTo(Map.of("title", "Redis is down", "severity", "P1", "impact", "a: b"));
  }

  @Test
  @DisplayName("values may contain colons: pattern:cache:*")
  void colonsInValues() {
    assertThat(parse("/redis health target:cache").options()).containsEntry("target", "cache");
    assertThat(
            ConsoleLine.parse("/redis purge pattern:cache:*", s -> false).orElseThrow().options())
        .containsEntry("pattern", "cache:*");
  }

  @Test
  @DisplayName("@user and press N")
  void userAndPress() {
    ConsoleLine press = parse("@bob press 12");

    assertThat(press.user()).isEqualTo("bob");
    assertThat(press.press()).isEqualTo(12);
    assertThat(parse("/help").command()).isEqualTo("help");
  }

  @Test
  @DisplayName("blank lines and comments are skipped; mistakes are explained")
  void mistakes() {
    assertThat(ConsoleLine.parse("   ", KNOWN::contains)).isEmpty();
    assertThat(ConsoleLine.parse("# note", KNOWN::contains)).isEmpty();
    assertThatThrownBy(() -> parse("redis health")).hasMessageStartingWith("Commands start with /");
    assertThatThrownBy(() -> parse("/redis health cache")).hasMessageContaining("name:value");
    assertThatThrownBy(() -> parse("/help x:\"open")).hasMessage("A quote is not closed.");
    assertThatThrownBy(() -> parse("/redis health target:a target:b"))
        .hasMessage("Option target: is given twice.");
  }
}
