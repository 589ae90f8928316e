package dev.incidentbot.bot.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.testing.RedisExtension;
import dev.incidentbot.testing.SharedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} with a follow-up check and an incident's stakeholder reminder pending, a restart
 * on the same database after both were due: each missed run runs exactly once, late, saying the bot
 * was down; neither runs twice, and the reminder goes on from then on its interval. (On PostgreSQL
 * a run the dead instance had already acquired waits until Quartz's cluster check finds that
 * instance dead, some seconds after the restart.)
 */
@DisplayName("Fault: kill -9 with a follow-up and a reminder pending, restart after they were due")
class PendingJobsCrashTest {
  private static final Duration SLOW = Duration.ofSeconds(90);
  private static final int FOLLOW_UP_IN_S = 3;
  private static final int REMINDER_S = 8;
  private static final String FOLLOW_UP = "Follow-up \\+" + FOLLOW_UP_IN_S + " s of main: ";
  private static final String REMINDER = "Stakeholder update due for INC-";

  @RegisterExtension static final RedisExtension redis = new RedisExtension();
  @RegisterExtension static final SharedPostgres pg = new SharedPostgres();

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @OnH2AndPostgres
  @DisplayName("each missed run once, late by the downtime, saying the bot was down; none twice")
  void missedWhileDown(String database) throws Exception {
    var builder =
        BotProcess.in(dir)
            .database(database, pg)
            .target("main", redis.server().url())
            .aliceAndBob()
            .yaml(
                """
                incidents:
                  reminders: { P1: %ds }
                """
                    .formatted(REMINDER_S));
    try (BotProcess bot = builder.start()) {
      // given an incident (its first reminder due in REMINDER_S) and a follow-up check scheduled
      long declaring = System.nanoTime();
      bot.send(
          "/incident declare title:\"Cache down\" severity:P1 targets:main"
              + " impact:\"Posts publish late\"");
      String incident = bot.await(0, "(INC-\\d+) declared", SLOW).group(1);
      bot.send("/followup schedule target:main in:" + FOLLOW_UP_IN_S + "s");
      bot.await(0, "Check of main scheduled", SLOW);
      long scheduled = System.nanoTime();

      // when the bot is killed before either is due
      bot.kill9();
      assertThat(Duration.ofNanos(System.nanoTime() - scheduled))
          .as("killed before the follow-up was due (the machine was too slow to test this)")
          .isLessThan(Duration.ofSeconds(FOLLOW_UP_IN_S));
      assertThat(bot.output()).doesNotContainPattern(FOLLOW_UP).doesNotContain(REMINDER);

      // and started again only once both were due, and more than 2 s late
      long sinceDeclaring = Duration.ofNanos(System.nanoTime() - declaring).toMillis();
      Thread.sleep(Math.max(0, (REMINDER_S + 4) * 1000L - sinceDeclaring));
      int restarted = bot.mark();
      bot.restart();

      // then each missed run posts once, late, saying the bot was down
      bot.await(
          restarted,
          FOLLOW_UP + "[^\\n]*\\n(?:[^\\n]*\\n)*?[^\\n]*⏱ late by [^\\n]+: the bot was down\\.",
          SLOW);
      bot.await(
          restarted,
          REMINDER
              + incident.substring(4)
              + ".*?⏱ This reminder is late by [^\\n]+: the bot was down\\.",
          SLOW);
      // and the reminder goes on from then on its interval, on time
      int late = bot.mark();
      bot.await(late, REMINDER + incident.substring(4), SLOW);
      assertThat(bot.output().substring(late)).doesNotContain("This reminder is late");

      // nothing ran twice: one follow-up, one late reminder, reminders an interval apart (a run
      // repeated would post "last heard … ago" again within a second of the first)
      String all = bot.output();
      assertThat(BotProcess.occurrences(FOLLOW_UP, all)).as("follow-up posts").isEqualTo(1);
      assertThat(BotProcess.occurrences("This reminder is late", all))
          .as("late reminders")
          .isEqualTo(1);
      assertThat(BotProcess.occurrences("the bot was down", all)).as("late runs").isEqualTo(2);
      Matcher ago =
          Pattern.compile(
                  "last heard about " + incident + " (?:(\\d+) min )?(\\d+)(?:\\.\\d)? s ago")
              .matcher(all);
      List<Integer> seconds = new ArrayList<>();
      while (ago.find()) {
        int min = ago.group(1) == null ? 0 : Integer.parseInt(ago.group(1));
        seconds.add(min * 60 + Integer.parseInt(ago.group(2)));
      }
      assertThat(seconds).as("reminders: seconds since the last update").hasSizeGreaterThan(1);
      for (int i = 1; i < seconds.size(); i++) {
        assertThat(seconds.get(i) - seconds.get(i - 1))
            .as("seconds between reminders " + seconds)
            .isGreaterThanOrEqualTo(REMINDER_S - 1);
      }
      assertThat(bot.stop()).isZero();
    }
  }
}
