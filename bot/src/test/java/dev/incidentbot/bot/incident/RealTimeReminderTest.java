package dev.incidentbot.bot.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.chat.Place;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Reminders on the bot's own scheduler, in real time with a 1-second interval")
class RealTimeReminderTest {
  @TempDir Path dir;

  @Test
  @DisplayName("an overdue update reminds the commander every interval until resolve, then never")
  void remindsUntilResolved() throws Exception {
    var config = ConsoleBot.config("redis://127.0.0.1:1", "incidents:\n  reminders: { P2: 1s }\n");
    try (var bot = new ConsoleBot(config, Clock.systemUTC(), null, dir)) {
      bot.type("/incident declare title:slow cache severity:P2 targets:cache\n");
      Place thread = bot.wiring.incidents().find("INC-1").orElseThrow().thread();

      Awaitility.await("two reminders")
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(50))
          .untilAsserted(
              () ->
                  assertThat(reminders(bot, thread))
                      .as("reminders within 5 s")
                      .isGreaterThanOrEqualTo(2));

      bot.type("/incident resolve summary:fixed\n");
      assertThat(bot.wiring.scheduler().pending("incident:INC-1")).isEmpty();
      long after = reminders(bot, thread);
      // no more, for 2.5 s: two more reminders were due in that time
      Awaitility.await("no reminder after the resolution")
          .during(Duration.ofMillis(2_500))
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(() -> assertThat(reminders(bot, thread)).isEqualTo(after));
    }
  }

  private static long reminders(ConsoleBot bot, Place thread) {
    return bot.postsAt(thread).stream()
        .filter(r -> r.title().equals("Stakeholder update due for INC-1"))
        .count();
  }
}
