package dev.incidentbot.bot.fault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.alert.StormPayloads;
import dev.incidentbot.bot.discord.fake.FakeDiscord;
import dev.incidentbot.bot.discord.fake.FakeMessage;
import dev.incidentbot.testing.PrometheusText;
import dev.incidentbot.testing.SharedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} exactly between a post of the alert path and the database record of it, then a
 * restart on the same database, against the fake Discord: the alert message, its thread and its
 * triage each exist once. The fake handles the post but holds its answer back ({@link
 * FakeDiscord#answerLate}) until the bot is dead, so the post took effect in Discord and the bot
 * never recorded it; the restarted bot resumes the inbox entry and posts again, with the same
 * nonces (Discord answers the message created the first time) and a thread start that Discord
 * answers 160004 (the thread exists: its id is the message's).
 */
@DisplayName("Fault: kill -9 between an alert post and its record, restart on the same database")
class AlertPostCrashTest {
  private static final Duration SLOW = Duration.ofSeconds(90);

  @RegisterExtension static final SharedPostgres pg = new SharedPostgres();

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @RegisterExtension final RedisAndDiscord bed = new RedisAndDiscord();

  @OnH2AndPostgres
  @DisplayName("killed before the alert message's id is recorded: one message, thread, triage")
  void killedAfterTheAlertMessage(String database) throws Exception {
    String alerts = bed.fake().channelId("alerts");
    killAndRestart(database, "POST channels/*/messages", alerts::equals);
    assertOnce();
    assertThat(bed.fake().rejections()).isEmpty();
  }

  @OnH2AndPostgres
  @DisplayName("killed before the thread is recorded: one message, thread, triage")
  void killedAfterTheThread(String database) throws Exception {
    killAndRestart(database, "POST channels/*/messages/*/threads", id -> true);
    assertOnce();
    assertThat(bed.fake().rejections())
        .as("the repeated start answered 160004")
        .singleElement()
        .satisfies(r -> assertThat(r.body().path("code").asInt()).isEqualTo(160004));
  }

  @OnH2AndPostgres
  @DisplayName("killed before the triage is recorded: one message, thread, triage")
  void killedAfterTheTriage(String database) throws Exception {
    killAndRestart(database, "POST channels/*/messages", bed.fake()::isThread);
    assertOnce();
    assertThat(bed.fake().rejections()).isEmpty();
  }

  /**
   * Starts the bot, sends one alert, kills the bot once the bed.fake() holds the answer to {@code
   * route} in a channel {@code channel} accepts, restarts it, and waits until the alert is handled.
   */
  private void killAndRestart(String database, String route, Predicate<String> channel)
      throws Exception {
    var builder =
        BotProcess.in(dir)
            .database(database, pg)
            .target("main", bed.redis().url())
            .discord(bed.fake());
    try (BotProcess bot = builder.start()) {
      bed.fake().awaitGatewayReady();
      bed.fake().answerLate(route, channel);
      assertThat(bot.postWebhook(StormPayloads.firing(1, 1, "main")).statusCode()).isEqualTo(202);
      await(() -> bed.fake().heldAnswers() == 1, "the bot to wait for the answer to " + route);
      bot.kill9();
      bed.fake().releaseAnswers();

      bot.restart();
      await(() -> threadPosted() && drained(bot, database), "the alert handled after the restart");
      // posted once, and still so 2 s later: time for a second post, were one coming
      Awaitility.await("the alert posted once, no violation")
          .during(Duration.ofSeconds(2))
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(bed.fake().violations()).isEmpty();
                assertOnce();
              });
    }
  }

  /** One alert message in #alerts, its thread, and one message (the triage) in the thread. */
  private void assertOnce() {
    List<FakeMessage> posts =
        bed.fake().messages("alerts").stream()
            .filter(m -> m.title().matches(".*\\bStormAlert1\\b.*"))
            .toList();
    assertThat(posts).as("alert messages").hasSize(1);
    String threadId = posts.get(0).id();
    assertThat(bed.fake().isThread(threadId)).as("the alert message has its thread").isTrue();
    assertThat(bed.fake().messages(threadId))
        .as("messages in the thread: the triage, once")
        .hasSize(1);
  }

  /** Whether the alert's thread holds a message (the triage) yet. */
  private boolean threadPosted() {
    return bed.fake().messages("alerts").stream()
        .anyMatch(m -> bed.fake().isThread(m.id()) && !bed.fake().messages(m.id()).isEmpty());
  }

  /**
   * Whether the restarted bot resumed the entry and is done with it: its queue is empty; on
   * PostgreSQL (whose database the test can read while the bot runs, unlike H2's file) the entry is
   * also recorded handled.
   */
  private static boolean drained(BotProcess bot, String database) {
    try {
      if (!(bot.output() + bot.stderr()).contains("alert inbox: resumed 1 pending")
          || PrometheusText.parse(bot.get("/metrics").body()).value("bot_alert_queue_pending")
              != 0) {
        return false;
      }
      if (database.equals("H2")) {
        return true;
      }
      try (Connection c = bot.openStore();
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery("SELECT COUNT(*) FROM alert_inbox WHERE handled_at IS NULL")) {
        rs.next();
        return rs.getInt(1) == 0;
      }
    } catch (java.io.IOException | java.sql.SQLException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void await(Supplier<Boolean> done, String what) {
    try {
      Awaitility.await(what).atMost(SLOW).pollInterval(Duration.ofMillis(100)).until(done::get);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("waited " + SLOW + " for " + what, e);
    }
  }
}
