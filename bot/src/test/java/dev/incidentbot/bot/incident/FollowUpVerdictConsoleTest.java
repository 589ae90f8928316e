package dev.incidentbot.bot.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.testing.MutableClock;
import dev.incidentbot.testing.RedisExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

@DisplayName(
    "Follow-up results reworded by an operator's template still count as held or regressed in the"
        + " review draft and the timeline")
class FollowUpVerdictConsoleTest {
  @RegisterExtension static final RedisExtension redis = new RedisExtension("--maxmemory", "64mb");

  /** A title with none of the built-in words (holding, REGRESSION, still). */
  static final String TEMPLATE =
      """
      # an operator's wording
      title: Check {{label}} on {{target}}: {{#regression}}worse — {{firstRegression}}{{/regression}}{{#notFixed}}broken ({{scenario}}){{/notFixed}}{{#warnings}}fine, with notes{{/warnings}}{{#holding}}fine{{/holding}}
      severity: {{severity}}
      code:
        {{rows}}
      """;

  @TempDir Path files;

  final MutableClock clock = new MutableClock(Instant.parse("2026-05-04T08:00:00Z"));
  final ManualScheduler scheduler = new ManualScheduler();

  @Test
  @DisplayName(
      "a check that held and one that regressed, titled 'fine' and 'worse': the review counts"
          + " 1 held, 1 regressed and the timeline export marks each")
  void rewordedTitles() throws Exception {
    Path templates = Files.createDirectories(files.resolve("templates"));
    Files.writeString(templates.resolve("followup-result.reply"), TEMPLATE);
    try (Jedis j = redis.server().client()) {
      j.flushAll();
    }
    try (var bot =
        new ConsoleBot(
            ConsoleBot.config(redis.server().url(), "incidents:\n  templates: " + templates + "\n"),
            clock,
            scheduler::handledBy,
            files)) {
      bot.type("@alice /incident declare title:Cache memory full severity:P1 targets:cache\n");
      bot.type("/followup schedule target:cache in:1m\n/followup schedule target:cache in:2m\n");

      clock.advance(Duration.ofMinutes(1));
      String first = runCheck(bot);
      try (Jedis j = redis.server().client()) { // 48 MB of 64: memory regresses from the baseline
        String big = "y".repeat(100_000);
        for (int i = 0; i < 480; i++) {
          j.set("cache:" + i, big);
        }
      }
      clock.advance(Duration.ofMinutes(1));
      String second = runCheck(bot);
      assertThat(second).startsWith("Check +2 min on cache: worse — ");
      // the first holds unless the loaded machine made PING slow; whichever, the review must agree
      boolean held = first.startsWith("Check +1 min on cache: fine");
      assertThat(first + second).doesNotContainIgnoringCase("holding").doesNotContain("REGRESSION");

      bot.type("/incident review\n");
      String review = Files.readString(files.resolve("INC-1-review.md"), StandardCharsets.UTF_8);
      assertThat(ReviewConsoleTest.section(review, "Follow-up results"))
          .contains(held ? "1 held, 1 regressed." : "0 held, 2 regressed.")
          .contains("| cache | " + (held ? "held" : "regressed") + " | " + first + " |")
          .contains("| cache | regressed | " + second + " |");

      bot.type("/incident timeline\n");
      String timeline =
          Files.readString(files.resolve("INC-1-timeline.md"), StandardCharsets.UTF_8);
      assertThat(timeline)
          .contains(
              "| 2026-05-04T08:01:00Z | Follow-up ("
                  + verdictOf(first)
                  + ") | follow-up | cache | "
                  + first
                  + " |")
          .contains(
              "| 2026-05-04T08:02:00Z | Follow-up (regressed) | follow-up | cache | "
                  + second
                  + " |");
    }
  }

  /** What the timeline export calls a check titled {@code title} by {@link #TEMPLATE}. */
  private static String verdictOf(String title) {
    String said = title.substring(title.indexOf(": ") + 2);
    if (said.startsWith("fine, with notes")) {
      return "held with warnings";
    }
    if (said.startsWith("fine")) {
      return "held";
    }
    return said.startsWith("broken") ? "not fixed" : "regressed";
  }

  /** Runs the one check due now and returns the title it was recorded with. */
  private String runCheck(ConsoleBot bot) {
    int before = bot.wiring.incidents().events("INC-1").size();
    assertThat(scheduler.runDue(clock.instant(), "followup-check")).isOne();
    var events = bot.wiring.incidents().events("INC-1");
    assertThat(events).hasSize(before + 1);
    return events.get(events.size() - 1).text();
  }
}
