package dev.incidentbot.bot.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.incidentbot.bot.discord.fake.FakeDiscord;
import dev.incidentbot.bot.discord.fake.FakeMessage;
import dev.incidentbot.bot.discord.fake.FakeUser;
import dev.incidentbot.testing.SharedPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} while a scheduled job's post is on its way, then a restart on the same database,
 * against the fake Discord: the scheduler recovers the run the dead instance did not finish (the
 * jobs request recovery) and runs it again, and the repeat makes no second post. The fake makes the
 * post but holds its answer ({@link FakeDiscord#answerLate}) until the bot is dead; the repeated
 * run posts with the same key (its job and the fire time of the run it repeats), so Discord answers
 * with the message made the first time (its nonce).
 */
@DisplayName("Fault: kill -9 while a follow-up's post is on its way, restart on the same database")
class JobPostCrashTest {
  @RegisterExtension static final SharedPostgres pg = new SharedPostgres();

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @RegisterExtension final RedisAndDiscord bed = new RedisAndDiscord();

  @OnH2AndPostgres
  @DisplayName("the recovered follow-up run posts nothing new: one result in #ops")
  void recoveredRunPostsOnce(String database) throws Exception {
    var builder =
        BotProcess.in(dir)
            .database(database, pg)
            .target("main", bed.redis().url())
            .discord(bed.fake())
            // the scheduler says which run it recovered, and each run once it is done
            .jvmArg("-Dorg.slf4j.simpleLogger.log.dev.incidentbot.bot.schedule.HandlerJob=debug")
            .jvmArg("-Dorg.slf4j.simpleLogger.log.org.quartz.impl.jdbcjobstore=info");
    try (BotProcess bot = builder.start()) {
      bed.fake().awaitGatewayReady();
      String ops = bed.fake().channelId("ops");
      bed.fake().answerLate("POST channels/*/messages", ops::equals);
      FakeUser carol = bed.fake().user("carol", "Commander", "Operator", "Viewer");
      bed.fake()
          .awaitAnswer(
              bed.fake().slash("followup schedule", Map.of("target", "main", "in", "2s"), carol));
      await("the follow-up's post held by Discord")
          .atMost(Duration.ofSeconds(60))
          .until(() -> bed.fake().heldAnswers() == 1);
      bot.kill9();
      bed.fake().releaseAnswers();
      assertThat(results()).as("the first run's post, made before the kill").hasSize(1);

      bot.restart();
      // on H2 recovered at start-up; on PostgreSQL once the cluster sees the dead instance
      await("the recovered run finished")
          .atMost(Duration.ofSeconds(90))
          .until(
              () -> bot.stderr().matches("(?s).*job \\S+ \\(followup-check, target main\\) ran.*"));
      assertThat(bot.stderr()).containsIgnoringCase("recover");
      await("still one result")
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(10))
          .until(() -> results().size() == 1);
      assertThat(bed.fake().violations()).isEmpty();
      assertThat(bed.fake().rejections()).isEmpty();
    }
  }

  private List<FakeMessage> results() {
    return bed.fake().messages("ops").stream()
        .filter(m -> m.title().startsWith("Follow-up"))
        .toList();
  }
}
