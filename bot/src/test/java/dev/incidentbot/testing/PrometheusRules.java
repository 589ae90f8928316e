package dev.incidentbot.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The alert rules the project ships ({@code docs/prometheus/redis-incident-bot.rules.yml}) and
 * their promtool unit tests, found from the module's directory, and Debian's {@code promtool} to
 * check them. Stateless.
 */
public final class PrometheusRules {
  /** Debian's {@code prometheus} package installs it here. */
  public static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  private static final String DIR = "docs/prometheus";
  private static final String RULES = "redis-incident-bot.rules.yml";
  private static final String TESTS = "redis-incident-bot.rules.test.yml";

  private PrometheusRules() {}

  /** The shipped rules file. */
  public static Path rules() {
    return dir().resolve(RULES);
  }

  /** The promtool unit tests of {@link #rules()}, next to it. */
  public static Path tests() {
    return dir().resolve(TESTS);
  }

  /** What to tell someone without promtool. */
  public static String promtoolMissing() {
    return PROMTOOL
        + " is missing: run scripts/install-test-deps (it installs Debian's prometheus package,"
        + " which provides promtool) or apt-get install -y --no-install-recommends prometheus";
  }

  /** The repository's {@code docs/prometheus}, looked for from the working directory upwards. */
  private static Path dir() {
    for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
      if (Files.isRegularFile(at.resolve(DIR).resolve(RULES))) {
        return at.resolve(DIR);
      }
    }
    throw new IllegalStateException(
        DIR + "/" + RULES + " not found above " + Path.of("").toAbsolutePath());
  }

  /** A finished promtool run: its exit code and everything it printed. */
  public record Run(int exitCode, String output) {}

  /** Runs {@code promtool <args>} in the rules' directory; at most 60 s. */
  public static Run promtool(String... args) {
    var command = new ArrayList<String>(List.of(PROMTOOL.toString()));
    command.addAll(List.of(args));
    try {
      Process p =
          new ProcessBuilder(command).directory(dir().toFile()).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("promtool took over 60 s: " + command);
      }
      return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    }
  }
}
