package dev.incidentbot.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under {@code src/test/resources/golden/}: a test compares what it rendered with the
 * file; run with {@code -Dgolden.update=true} to rewrite the files after a deliberate change, then
 * review the diff in git.
 */
public final class Golden {
  /** Where golden files live, relative to the module. */
  public static final Path ROOT = Path.of("src/test/resources/golden");

  private Golden() {}

  /** Asserts {@code actual} equals {@code golden/<file>} (or rewrites it when updating). */
  public static void check(String file, String actual) throws IOException {
    Path path = ROOT.resolve(file);
    if (Boolean.getBoolean("golden.update")) {
      Files.createDirectories(path.getParent());
      Files.writeString(path, actual, StandardCharsets.UTF_8);
    }
    assertThat(Files.exists(path))
        .as("%s is missing: run the test with -Dgolden.update=true and review it", path)
        .isTrue();
    assertThat(actual).as(file).isEqualTo(Files.readString(path, StandardCharsets.UTF_8));
  }
}
