package dev.incidentbot.bot.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.launch.MainRunner;
import dev.incidentbot.chat.Field;
import dev.incidentbot.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Operators' templates: used when valid, stop start-up with file and line when not")
class TemplateStartupTest {
  @TempDir Path dir;

  private Path config(Path templates) throws Exception {
    Path file = dir.resolve("bot.yml");
    Files.writeString(
        file,
        """
        targets:
          - name: cache
            url: redis://127.0.0.1:1
        store:
          url: jdbc:h2:mem:startup;DB_CLOSE_DELAY=-1
        incidents:
          templates: %s
        """
            .formatted(dir.relativize(templates)));
    return file;
  }

  @Test
  @DisplayName("a template with an unknown name stops start-up: exit 2, the file and the line")
  void broken() throws Exception {
    Path templates = Files.createDirectories(dir.resolve("templates"));
    Path file = templates.resolve("status-update.reply");
    Files.writeString(
        file,
        "title: [INCIDENT] {{system}}\n\ninline field: Status\n  {{status}}\n"
            + "inline field: Impact\n  {{impcat}}\n");

    var run = MainRunner.run("/help\n", "--config", config(templates).toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("template error: " + file + " line 6: unknown name 'impcat'; the names here")
        .contains("impact");
    assertThat(run.out()).doesNotContain("Commands");
  }

  @Test
  @DisplayName("an unclosed section stops start-up with the line it opened on")
  void unclosed() throws Exception {
    Path templates = Files.createDirectories(dir.resolve("templates"));
    Path file = templates.resolve("alert-message.reply");
    Files.writeString(file, "title: {{group}}\ntext:\n  {{#alerts}}\n  {{summary}}\n");

    var run = MainRunner.run("", "--config", config(templates).toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip())
        .isEqualTo("template error: " + file + " line 3: Failed to close 'alerts' tag");
  }

  @Test
  @DisplayName("an old status-update.mustache stops start-up, saying to write status-update.reply")
  void retiredTextTemplate() throws Exception {
    Path templates = Files.createDirectories(dir.resolve("templates"));
    Path file = templates.resolve("status-update.mustache");
    Files.writeString(file, "Subject: {{id}}\n\nStatus: {{status}}\n");

    var run = MainRunner.run("/help\n", "--config", config(templates).toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("template error: " + file + ": no longer read: the status update is now")
        .contains("status-update.reply", "templates/README.md", "delete this file");
    assertThat(run.out()).doesNotContain("Commands");
  }

  @Test
  @DisplayName("a valid override is what stakeholders get")
  void override() throws Exception {
    Path templates = Files.createDirectories(dir.resolve("templates"));
    Files.writeString(
        templates.resolve("status-update.reply"),
        "title: {{id}} {{status}} ({{severity}})\ninline field: Status\n  {{status}}\n"
            + "inline field: Owner\n  {{commander}}\n");
    var config = new dev.incidentbot.bot.config.ConfigLoader(name -> null).load(config(templates));
    try (var bot =
        new ConsoleBot(
            config,
            new MutableClock(Instant.parse("2026-01-01T00:00:00Z")),
            new ManualScheduler()::handledBy,
            dir)) {
      bot.type("@console /incident declare title:x severity:P2 targets:cache\n");
      var posted = bot.postsAt(bot.stakeholders());
      assertThat(posted)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.title()).isEqualTo("INC-1 Investigating (P2)");
                assertThat(r.fields())
                    .extracting(Field::name, Field::value)
                    .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Status", "Investigating"),
                        org.assertj.core.groups.Tuple.tuple("Owner", "console"));
              });
    }
  }
}
