package dev.incidentbot.bot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.testing.RedisServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as a user runs it, {@code printf '/redis health target:local\n' | java -jar
 * bot/target/redis-incident-bot.jar --config FILE}, in its own JVM: what the shaded jar carries
 * (service files, the H2 driver, Flyway's migrations, templates) is only proven here.
 */
@DisplayName("The packaged jar, piped a command, against a real redis-server")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JarSmokeIT {
  private static final Path JAR = Path.of("target", "redis-incident-bot.jar").toAbsolutePath();

  @TempDir static Path dir;
  private static RedisServer redis;
  private static Path config;

  record Run(int exitCode, String out, String err) {}

  @BeforeAll
  static void start() throws IOException {
    assertThat(JAR).as("the jar built by mvn package").exists();
    redis = RedisServer.start();
    config = dir.resolve("config.yml");
    Files.writeString(
        config,
        """
        targets:
          - name: local
            url: %s
            services: [Publishing]
        store:
          url: jdbc:h2:file:%s
        """
            .formatted(redis.url(), dir.resolve("data").resolve("bot")));
  }

  @AfterAll
  static void stop() {
    redis.close();
  }

  @Test
  @Order(1)
  @DisplayName("a healthy server: the report with its PING time and memory use, exit 0")
  void healthy() throws Exception {
    Run run = run("/redis health target:local\n", "--config", config.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("local: healthy")
        .containsPattern("PING \\d+\\.\\d+ ms")
        .containsPattern("memory [\\d.]+ [KMG]iB used");
    assertThat(run.err()).isEmpty();
  }

  @Test
  @Order(2)
  @DisplayName("the same server killed: scenario A, the refused connection in words, exit 0")
  void killed() throws Exception {
    redis.kill();

    Run run = run("/redis health target:local\n", "--config", config.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("local: A: Redis unreachable")
        .contains("refused the connection")
        .doesNotContain("Exception");
  }

  @Test
  @Order(3)
  @DisplayName("a broken config: one line naming the file and the field, non-zero exit")
  void brokenConfig() throws Exception {
    Path broken = dir.resolve("broken.yml");
    Files.writeString(broken, "targets:\n  - name: local\n    url: http://nope\n");

    Run run = run("/redis health\n", "--config", broken.toString());

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.out()).isEmpty();
    assertThat(run.err().strip().lines()).hasSize(1);
    assertThat(run.err()).startsWith("config error: " + broken).contains("targets[0].url");
  }

  private static Run run(String input, String... args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var command = new java.util.ArrayList<>(List.of(java, "-jar", JAR.toString()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try (var stdin = p.getOutputStream()) {
      stdin.write(input.getBytes(StandardCharsets.UTF_8));
    }
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the bot did not exit at end of input: " + Files.readString(out));
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }
}
