package dev.incidentbot.bot.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.discord.fake.FakeDiscord;
import dev.incidentbot.bot.discord.fake.FakeDiscordExtension;
import dev.incidentbot.bot.discord.fake.FakeMessage;
import dev.incidentbot.bot.discord.fake.FakeModal;
import dev.incidentbot.bot.discord.fake.FakeUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("An operator's status-update template is what stakeholders get in Discord")
class DiscordTemplateOverrideEndToEndTest {
  static final Path templates = templates();

  @RegisterExtension
  static final FakeDiscordExtension discord =
      FakeDiscordExtension.withTargets(
              () ->
                  "targets:\n  - name: cache\n    url: redis://127.0.0.1:1\n"
                      + "incidents:\n  templates: \""
                      + templates
                      + "\"\n")
          .build();

  private final FakeDiscord fake = discord.fake();

  private static Path templates() {
    try {
      Path dir = Files.createTempDirectory("templates");
      Files.writeString(
          dir.resolve("status-update.reply"),
          """
          title: {{id}} is {{status}} ({{severity}})
          severity: {{colour}}
          text:
            > {{summary}}
          inline field: Status
            {{status}}
          inline field: Owner
            {{commander}}
          field: Impact
            {{impact}}
          """);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterAll
  static void removeTemplates() throws IOException {
    try (Stream<Path> files = Files.walk(templates)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Test
  @DisplayName("the declaration and an update through the modal are rendered from the override")
  void overrideIsUsed() {
    FakeUser carol = discord.user("carol", "Commander");

    discord.run(
        "incident declare",
        Map.of("title", "cache slow", "severity", "P2", "impact", "Search is slow"),
        carol);
    String id = discord.wiring().incidents().open().get(0).id();
    FakeMessage first = fake.awaitMessages("stakeholders", 1).get(0);

    assertThat(first.title()).isEqualTo(id + " is Investigating (P2)");
    assertThat(first.description()).isEqualTo("> We are investigating: cache slow");
    assertThat(first.fields())
        .containsExactly(
            Map.entry("Status", "Investigating"),
            Map.entry("Owner", "carol"),
            Map.entry("Impact", "Search is slow"));

    FakeModal modal = fake.awaitModal(discord.slash("incident update", Map.of(), carol));
    fake.awaitAnswer(
        fake.submitModal(
            modal, Map.of("status", "Monitoring", "summary", "latency back under 1 ms"), carol));

    List<FakeMessage> posted = fake.awaitMessages("stakeholders", 2);
    assertThat(posted).hasSize(2);
    assertThat(posted.get(1).title()).isEqualTo(id + " is Monitoring (P2)");
    assertThat(posted.get(1).description()).isEqualTo("> latency back under 1 ms");
    assertThat(posted.get(1).fields()).containsEntry("Status", "Monitoring");
  }
}
