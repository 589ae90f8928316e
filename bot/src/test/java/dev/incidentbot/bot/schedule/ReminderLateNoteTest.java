package dev.incidentbot.bot.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.Wiring;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.ConfigLoader;
import dev.incidentbot.chat.Actor;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.testing.RecordingOutbox;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A status reminder missed while the bot was stopped runs after the restart, late")
class ReminderLateNoteTest {
  @TempDir Path dir;

  @Test
  @DisplayName("declared, bot stopped over the reminder's time, started again: 'the bot was down'")
  void reminderSaysItIsLate() throws Exception {
    BotConfig config =
        new ConfigLoader(name -> null)
            .parse(
                "test.yml",
                """
                targets:
                  - name: cache
                    url: redis://127.0.0.1:1
                console:
                  users:
                    - name: carol
                      roles: [viewer, operator, commander]
                store:
                  url: jdbc:h2:file:%s
                incidents:
                  reminders: { P2: 1s }
                """
                    .formatted(dir.resolve("bot")));
    try (var before = new Wiring(config, Clock.systemUTC())) {
      before.start(new RecordingOutbox());
      Reply declared =
          before
              .router()
              .dispatch(
                  new Request(
                      "incident declare",
                      Map.of("title", "slow cache", "severity", "P2", "targets", "cache"),
                      Actor.person("carol", "carol", Set.of("viewer", "operator", "commander")),
                      Place.channel("console"),
                      Clock.systemUTC().instant()),
                  Progress.NONE);
      assertThat(declared.title()).contains("INC-1");
    } // the scheduler stops before the first reminder (due 1 s after the declaration)
    Thread.sleep(4000); // the reminder is missed while the bot is down

    var outbox = new RecordingOutbox();
    try (var after = new Wiring(config, Clock.systemUTC())) {
      after.start(outbox);
      Awaitility.await("the late reminder")
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> !reminders(outbox).isEmpty());
    }

    assertThat(reminders(outbox)).isNotEmpty();
    assertThat(reminders(outbox).get(0).text())
        .containsPattern("⏱ This reminder is late by \\d+(\\.\\d)? s: the bot was down\\.");
  }

  private static java.util.List<Reply> reminders(RecordingOutbox outbox) {
    return outbox.posts().stream()
        .map(RecordingOutbox.Post::reply)
        .filter(r -> r.title().equals("Stakeholder update due for INC-1"))
        .toList();
  }
}
