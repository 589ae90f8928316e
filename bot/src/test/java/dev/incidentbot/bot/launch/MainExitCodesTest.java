package dev.incidentbot.bot.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exit codes of {@code Main} that no other end-to-end test reaches: a bad command line (64) and
 * an HTTP port that cannot be opened in console mode (3), each with its one line on standard error.
 */
@DisplayName("Main: a bad command line exits 64, an HTTP port in use exits 3, one line each")
class MainExitCodesTest {
  @TempDir Path dir;

  @Test
  @DisplayName("an unknown argument: the usage line, exit 64, nothing on standard output")
  void unknownArgument() throws Exception {
    var run = MainRunner.run("", "--bogus");

    assertThat(run.exitCode()).isEqualTo(64);
    assertThat(run.err().strip())
        .isEqualTo(
            "unknown argument '--bogus'; usage: java -jar redis-incident-bot.jar [--config FILE]");
    assertThat(run.out()).isEmpty();
  }

  @Test
  @DisplayName("--config without a file: exit 64")
  void configWithoutFile() throws Exception {
    var run = MainRunner.run("", "--config");

    assertThat(run.exitCode()).isEqualTo(64);
    assertThat(run.err().strip()).isEqualTo("--config needs a file: --config config.yml");
  }

  @Test
  @DisplayName(
      "console on piped input with the HTTP port taken: 'http: cannot listen on …', exit 3")
  void httpPortTaken() throws Exception {
    try (var taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Path file = dir.resolve("bot.yml");
      Files.writeString(
          file,
          """
          targets:
            - name: cache
              url: redis://127.0.0.1:1
          store:
            url: jdbc:h2:file:%s
          http:
            address: 127.0.0.1
            port: %d
          """
              .formatted(dir.resolve("db/bot"), taken.getLocalPort()));

      var run = MainRunner.run("", "--config", file.toString());

      assertThat(run.exitCode()).isEqualTo(3);
      assertThat(run.err().strip())
          .startsWith("http: cannot listen on 127.0.0.1:" + taken.getLocalPort() + " (");
    }
  }
}
