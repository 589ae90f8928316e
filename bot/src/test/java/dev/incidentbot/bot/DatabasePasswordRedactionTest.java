package dev.incidentbot.bot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.config.StoreConfig;
import dev.incidentbot.bot.launch.MainRunner;
import dev.incidentbot.testing.PostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14, defect 9: a database URL's password was printed in the start-up error. Whatever the URL
 * form (user info, {@code password=} settings) or wherever a driver quotes it, neither the start-up
 * line nor the log shows a password.
 */
@DisplayName("database passwords never printed at start-up")
class DatabasePasswordRedactionTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "jdbc:postgresql://127.0.0.1:1/bot?user=bot&password=hunter2secret&connectTimeout=2",
        "jdbc:postgresql://bot:hunter2secret@127.0.0.1:1/bot?connectTimeout=2",
        "jdbc:postgresql://127.0.0.1:1/bot?sslpassword=hunter2secret&connectTimeout=2",
        "jdbc:h2:file:%DIR%/bot;PASSWORD=hunter2secret;NO_SUCH_SETTING=1",
        "jdbc:h2:file:%DIR%/bot;USER=sa;PASSWORD=hunter2secret;IFEXISTS=TRUE",
      })
  @DisplayName("a start-up database error: one line, the URL without its password")
  void startupError(String url) throws Exception {
    String storeUrl = url.replace("%DIR%", dir.toString());
    Path config = config(storeUrl, "alsoSecret99");

    var log = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    MainRunner.Result run;
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try {
      run = MainRunner.run("/help\n", "--config", config.toString());
    } finally {
      System.setErr(stderr);
    }

    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("database error: cannot open the bot's database jdbc:")
        .contains("***")
        .doesNotContain("hunter2secret")
        .doesNotContain("alsoSecret99");
    assertThat(run.err().strip()).doesNotContain("\n");
    assertThat(log.toString(StandardCharsets.UTF_8))
        .doesNotContain("hunter2secret")
        .doesNotContain("alsoSecret99");
  }

  @Test
  @DisplayName("a start-up that works logs no password either (pool, Flyway, Quartz at debug)")
  void startupLog() throws Exception {
    try (var pg = PostgresServer.start()) {
      String url = pg.createDatabase("redacted") + "?password=hunter2secret";
      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug",
                  "-cp",
                  System.getProperty("java.class.path"),
                  "dev.incidentbot.bot.OpenDatabase",
                  url,
                  PostgresServer.USER,
                  "alsoSecret99")
              .redirectErrorStream(true)
              .start();
      String log = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(child.waitFor()).as(log).isZero();
      assertThat(log)
          .contains("problem: none")
          .contains("bot-db")
          .contains("Database: jdbc:postgresql:")
          .doesNotContain("hunter2secret")
          .doesNotContain("alsoSecret99");
    }
  }

  @Test
  @DisplayName("a store URL the bot cannot use: the config error shows it without its password")
  void configError() throws Exception {
    Path config = config("jdbc:mysql://bot:hunter2secret@db/bot?password=hunter2secret", null);

    var run = MainRunner.run("", "--config", config.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("store.url")
        .contains("jdbc:mysql://bot:***@db/bot?password=***")
        .doesNotContain("hunter2secret");
  }

  @Test
  @DisplayName("URL redaction: user info, password settings, the configured password")
  void redaction() {
    var store =
        new StoreConfig("jdbc:postgresql://u:p4ss@h:5432/db?password=p4ss&ssl=true", "u", "xyz!9");
    assertThat(store.redactedUrl())
        .isEqualTo("jdbc:postgresql://u:***@h:5432/db?password=***&ssl=true");
    assertThat(store.toString()).doesNotContain("p4ss");
    assertThat(store.redact("login failed for xyz!9 at h")).isEqualTo("login failed for *** at h");
    assertThat(StoreConfig.redactUrl("jdbc:h2:file:./data/bot;USER=sa;PASSWORD=abc;CIPHER=AES"))
        .isEqualTo("jdbc:h2:file:./data/bot;USER=sa;PASSWORD=***;CIPHER=AES");
    assertThat(StoreConfig.redactUrl("jdbc:h2:file:./data/bot"))
        .isEqualTo("jdbc:h2:file:./data/bot");
  }

  private Path config(String storeUrl, String password) throws Exception {
    Path file = dir.resolve("config.yml");
    Files.writeString(
        file,
        """
        targets:
          - name: cache
            url: redis://127.0.0.1:1
        store:
          url: "%s"
        %s
        """
            .formatted(storeUrl, password == null ? "" : "  password: \"" + password + "\""));
    return file;
  }
}
