package dev.incidentbot.recovery.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.redis.glob.GlobOverlap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Purge patterns: too broad and confusing refused, overlap decided exactly")
class KeyPatternTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"*", "**", "?*", "c*", "*cache", "[ab]*", " ", "c[ab]*", "\\c*", "[c]*", "c?x*"})
  @DisplayName("patterns that match everything or have no 2-byte literal prefix are refused")
  void tooBroad(String pattern) {
    assertThatThrownBy(() -> KeyPattern.forPurge(pattern)).isInstanceOf(UserFacingException.class);
  }

  @ParameterizedTest
  @CsvSource({"cache:*, cache:", "\\c\\a:*, ca:", "[c]a*, ca", "c[a-a]\\*:*, ca*:", "ca[^b]*, ca"})
  @DisplayName("escaped characters and one-byte classes count as literal prefix")
  void literalPrefix(String pattern, String prefix) {
    assertThat(KeyPattern.forPurge(pattern).literalPrefix()).isEqualTo(prefix);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "cache:[ab|never closed with ]; Redis ends it with the pattern, as one character out of a, b",
        "cache:\\|lone \\, which Redis matches as a literal backslash",
        "cache: x|spaces or control characters",
        "cache:[]x]*|Redis reads [] as an empty class",
        "cache:[^]*|Redis reads [^] as an empty class negated: any one character",
        "cache:[a-]|never closed with ]"
      })
  @DisplayName("constructs Redis reads differently from how they look are refused, saying how")
  void confusing(String pattern, String explanation) {
    assertThatThrownBy(() -> KeyPattern.forPurge(pattern))
        .isInstanceOf(UserFacingException.class)
        .hasMessageStartingWith("pattern:")
        .hasMessageContaining(explanation);
  }

  @Test
  @DisplayName("a range whose ends straddle byte 0x80 is refused: x86 and ARM read it differently")
  void signednessDependentRange() {
    assertThatThrownBy(() -> KeyPattern.forPurge("cache:[a-é]*"))
        .hasMessageContaining("x86 (signed char) and ARM (unsigned char)");
  }

  // Changed from the old conservative reading (a class counted as any character): classes are
  // now read as Redis reads them, so "rq:[a-z]*" / "rq:*" still overlap, but a class that cannot
  // fit is now disjoint (the last four rows).
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "cache:*|bull:*|false",
        "bu*|bull:*|true",
        "bull:q:*|bull:*|true",
        "cache:*|*:session|true",
        "cache:?|cache:ab|false",
        "cache:*:x|cache:*:y|false",
        "cache:*x|cache:*y*|true",
        "rq:[a-z]*|rq:*|true",
        "sess*|session:*|true",
        "cache:\\*|cache:*|true",
        "cache:a|cache:b|false",
        "bu[\\]l]l:*|bull:*|true",
        "se[\\]s]sion:*|session:*|true",
        "bu[^l]l:*|bull:*|false",
        "bu[a-k]l:*|bull:*|false",
        "rq[]:*|rq:*|false",
        "r[\\]q]:*|rq:*|true"
      })
  @DisplayName("overlap: exact for *, ?, escapes and classes, both ways round")
  void overlap(String a, String b, boolean overlaps) {
    assertThat(KeyPattern.parse(a).mayOverlap(KeyPattern.parse(b))).isEqualTo(overlaps);
    assertThat(KeyPattern.parse(b).mayOverlap(KeyPattern.parse(a))).isEqualTo(overlaps);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "bu[\\]l]l:*|bull:*|bull:",
        "cache:*|*:session|cache:session",
        "sess*|session:*|session:",
        "*a|b*|ba",
        "??|*|xx"
      })
  @DisplayName("the key shown as evidence is a shortest one both match")
  void commonKey(String a, String b, String key) {
    var overlap = KeyPattern.parse(a).overlap(KeyPattern.parse(b));
    assertThat(overlap).isInstanceOf(GlobOverlap.Common.class);
    String shown = ((GlobOverlap.Common) overlap).shown();
    assertThat(shown).isEqualTo(key);
    assertThat(KeyPattern.parse(a).matches(shown)).isTrue();
    assertThat(KeyPattern.parse(b).matches(shown)).isTrue();
  }

  @Test
  @DisplayName("the empty key matches only the empty pattern, so all-star patterns share no key")
  void emptyKey() {
    assertThat(KeyPattern.parse("*").mayOverlap(KeyPattern.parse("**"))).isTrue();
    assertThat(KeyPattern.parse("").mayOverlap(KeyPattern.parse("*"))).isFalse();
    assertThat(KeyPattern.parse("").mayOverlap(KeyPattern.parse(""))).isFalse();
  }
}
