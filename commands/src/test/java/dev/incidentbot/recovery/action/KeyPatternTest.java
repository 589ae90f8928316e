package dev.incidentbot.recovery.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentbot.chat.UserFacingException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Purge patterns: too broad and malformed refused, overlap found conservatively")
class KeyPatternTest {

  @ParameterizedTest
  @ValueSource(strings = {"*", "**", "?*", "c*", "*cache", "[ab]*", " "})
  @DisplayName("patterns that match everything or have no literal prefix are refused")
  void tooBroad(String pattern) {
    assertThatThrownBy(() -> KeyPattern.forPurge(pattern)).isInstanceOf(UserFacingException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"cache:[ab", "cache:\\", "cache: x"})
  @DisplayName("malformed patterns are refused with a reason")
  void malformed(String pattern) {
    assertThatThrownBy(() -> KeyPattern.forPurge(pattern))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("pattern:");
  }

  @ParameterizedTest
  @CsvSource({
    "cache:*, bull:*, false",
    "bu*, bull:*, true",
    "bull:q:*, bull:*, true",
    "cache:*, *:session, true",
    "cache:?, cache:ab, false",
    "cache:*:x, cache:*:y, false",
    "cache:*x, cache:*y*, true",
    "rq:[a-z]*, rq:*, true",
    "sess*, session:*, true",
    "cache:\\*, cache:*, true",
    "cache:a, cache:b, false"
  })
  @DisplayName("overlap: exact for * and ?, conservative for classes")
  void overlap(String a, String b, boolean overlaps) {
    assertThat(KeyPattern.parse(a).mayOverlap(KeyPattern.parse(b))).isEqualTo(overlaps);
    assertThat(KeyPattern.parse(b).mayOverlap(KeyPattern.parse(a))).isEqualTo(overlaps);
  }
}
