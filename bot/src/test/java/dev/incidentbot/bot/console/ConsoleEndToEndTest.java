package dev.incidentbot.bot.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.launch.MainRunner;
import dev.incidentbot.testing.RedisExtension;
import dev.incidentbot.testing.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Console chat end to end: the jar's main with piped input, a real redis-server, H2")
class ConsoleEndToEndTest {
  @RegisterExtension static final RedisExtension servers = new RedisExtension();

  @TempDir Path dir;

  private Path config(String url) throws Exception {
    Path file = dir.resolve("bot.yml");
    Files.writeString(
        file,
        """
        targets:
          - name: cache
            url: %s
            services: [Publishing]
        console:
          users:
            - name: alice
              roles: [viewer, operator]
            - name: vic
              roles: [viewer]
        store:
          url: jdbc:h2:file:%s
        """
            .formatted(url, dir.resolve("db/bot")));
    return file;
  }

  @Test
  @DisplayName("a healthy server: the report shows the PING time and memory use, exit 0")
  void healthy() throws Exception {
    var run =
        MainRunner.run(
            "/redis health target:cache\n", "--config", config(servers.server().url()).toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("── cache: healthy [OK]")
        .containsPattern("PING \\d+\\.\\d\\d ms")
        .contains("memory")
        .contains("Redis 7.");
  }

  @Test
  @DisplayName("after the server is killed: A: Redis unreachable, in under 3 s")
  void killed() throws Exception {
    RedisServer server = servers.extra();
    Path config = config(server.url());
    server.kill();

    long start = System.nanoTime();
    var run = MainRunner.run("/redis health target:cache\n", "--config", config.toString());
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(run.out()).contains("cache: A: Redis unreachable [CRITICAL]").contains("refused");
    assertThat(took).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  @DisplayName("every line is processed in order, @user acts as that user, and each run is audited")
  void severalLines() throws Exception {
    var run =
        MainRunner.run(
            "/help\n@vic /redis health target:nope\n@mallory /help\nnot a command\n/redis heal\n"
                + "/redis health target:Cache\n/redis\n/runbook run script:restart-worker\n",
            "--config",
            config(servers.server().url()).toString());

    String out = run.out();
    assertThat(out.indexOf("── Commands"))
        .isLessThan(out.indexOf("target 'nope' is not configured"));
    assertThat(out)
        .contains("target 'nope' is not configured; known: cache.")
        .contains("There is no console user 'mallory'; known: alice, vic.")
        .contains("Commands start with /")
        .contains("There is no /redis heal. Did you mean /redis health?\n")
        .contains("target 'Cache' is not configured; did you mean target:cache? known: cache.")
        .contains("/redis needs a subcommand: /redis health, ")
        .contains(
            "⚠ No runbook scripts are configured (scripts: in the config, see"
                + " config.example.yml).")
        .doesNotContain("── [WARN]");
    try (var c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("db/bot"));
        var rs =
            c.createStatement()
                .executeQuery("SELECT actor_name, command, outcome FROM audit_log ORDER BY id")) {
      var rows = new StringBuilder();
      while (rs.next()) {
        rows.append(rs.getString(1)).append(' ').append(rs.getString(2)).append(' ');
        rows.append(rs.getString(3)).append('\n');
      }
      assertThat(rows.toString())
          .isEqualTo(
              "alice help OK\nvic redis health REFUSED\nalice redis heal REFUSED\n"
                  + "alice redis health REFUSED\nalice redis REFUSED\nalice runbook run REFUSED\n");
    }
  }

  @Test
  @DisplayName("a broken config prints one line naming the field and exits non-zero")
  void brokenConfig() throws Exception {
    Path file = dir.resolve("broken.yml");
    Files.writeString(file, "targets:\n  - name: a\n    url: http://nope\n");

    var run = MainRunner.run("", "--config", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip())
        .isEqualTo(
            "config error: "
                + file
                + ": targets[0].url: must start with redis:// or rediss://, not 'http'");
    assertThat(run.out()).isEmpty();
  }

  @Test
  @DisplayName("a database held by another running bot: one line naming the store, exit 2")
  void databaseLocked() throws Exception {
    Path config = config(servers.server().url());
    String url = "jdbc:h2:file:" + dir.resolve("db/bot");
    Process holder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.incidentbot.bot.HoldDatabase",
                url)
            .redirectErrorStream(true)
            .start();
    try {
      assertThat(
              new java.io.BufferedReader(new java.io.InputStreamReader(holder.getInputStream()))
                  .readLine())
          .isEqualTo("holding");

      var run = MainRunner.run("/help\n", "--config", config.toString());

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err().strip())
          .isEqualTo(
              "database error: cannot open the bot's database "
                  + url
                  + ": the file is locked by another running bot (stop it, or give this one its"
                  + " own store.url)");
    } finally {
      holder.destroyForcibly().waitFor();
    }
  }

  @Test
  @DisplayName("terminal escapes in key names reach the console as visible text, never raw")
  void terminalEscapesShownNotRun() throws Exception {
    RedisServer server = servers.extra();
    String hostile = "cache:\u001b[2J\u001b]0;pwned\u0007\r\u009b31m\u202eevil";
    try (var jedis = server.client()) {
      jedis.set(hostile, "x".repeat(10_000));
    }

    var run =
        MainRunner.run(
            "/redis bigkeys target:cache\n/redis purge target:cache pattern:cache:*\n",
            "--config",
            config(server.url()).toString());

    assertThat(run.out())
        .doesNotContain("\u001b")
        .doesNotContain("\u0007")
        .doesNotContain("\r")
        .doesNotContain("\u009b")
        .doesNotContain("\u202e")
        .contains("cache:^[[2J^[]0;pwned^G^M<U+009B>31m<U+202E>evil");
  }

  @Test
  @DisplayName("/help lists /runbook run under 'Not set up here' when no scripts are configured")
  void runbookInHelp() throws Exception {
    var run = MainRunner.run("/help\n", "--config", config(servers.server().url()).toString());

    assertThat(run.out())
        .contains("Not set up here:")
        .contains(
            "/runbook run — No runbook scripts are configured (scripts: in the config, see"
                + " config.example.yml).");
  }
}
