package dev.incidentbot;

import dev.incidentbot.testing.LongMethods;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * No new method over 60 lines outside tests: the ones there are today are listed, each with its
 * reason, in {@code src/test/resources/long-methods.txt}; split a method or give a reason there.
 * The check itself is {@link LongMethods#assertNoNewLongMethods}, shared by every module.
 */
@DisplayName("commands: no method over 60 lines without a reason")
class LongMethodsTest {
  static final int LIMIT = 60;

  @Test
  @DisplayName("every method over 60 lines in src/main/java is on the allowlist with a reason")
  void noNewLongMethods() {
    LongMethods.assertNoNewLongMethods(
        Path.of("src/main/java"), Path.of("src/test/resources/long-methods.txt"), LIMIT);
  }
}
