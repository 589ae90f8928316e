package dev.incidentbot.bot.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.chat.Place;
import dev.incidentbot.testing.MutableClock;
import dev.incidentbot.testing.RecordingOutbox;
import dev.incidentbot.testing.RedisExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Alert groups: changes within the update window edit one message instead of flooding")
class AlertCoalescingTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Instant START = Instant.parse("2026-01-01T12:04:00Z");

  @RegisterExtension static final RedisExtension redis = new RedisExtension();

  private final MutableClock clock = new MutableClock(START);
  private AlertBot bot;

  @AfterEach
  void stop() {
    if (bot != null) {
      bot.close();
    }
  }

  @Test
  @DisplayName("30 changes in 3 s: one update message edited in place, exact count, latest state")
  void growingGroupEditsOneMessage() throws Exception {
    bot = start(memoryStore(), new RecordingOutbox(Duration.ZERO));
    RecordingOutbox chat = bot.outbox;

    bot.postWebhook(StormPayloads.changing(1, 1, 0, "cache-a"));
    chat.await(p -> p.reply().title().startsWith("Triage"), 1, WAIT);
    Place thread = chat.threads().get(0).thread();
    for (int alerts = 2; alerts <= 31; alerts++) {
      clock.advance(Duration.ofMillis(100));
      assertThat(bot.postWebhook(StormPayloads.changing(1, alerts, 0, "cache-a")).statusCode())
          .isEqualTo(202);
      // one change at a time: changes that arrive together are coalesced into one edit
      handled();
    }
    bot.awaitIdle(WAIT);

    var posts = chat.in(thread);
    assertThat(posts)
        .extracting(p -> p.reply().title())
        .containsExactly("Triage: cache-a — healthy", "[FIRING:31] GrowingAlert1");
    var update = posts.get(1);
    assertThat(chat.edits())
        .hasSize(29)
        .allSatisfy(e -> assertThat(e.messageId()).isEqualTo(update.messageId()));
    assertThat(update.reply().text())
        .contains("… and 21 more")
        .endsWith("31 alerts firing · notification #31 · last change 12:04:03 UTC");

    clock.advance(Duration.ofSeconds(30)); // the update message is now 30 s old
    bot.postWebhook(StormPayloads.changing(1, 31, 1, "cache-a"));
    handled();
    clock.advance(Duration.ofSeconds(1));
    bot.postWebhook(StormPayloads.changing(1, 31, 2, "cache-a"));
    bot.awaitIdle(WAIT);

    posts = chat.in(thread);
    assertThat(posts)
        .extracting(p -> p.reply().title())
        .containsExactly(
            "Triage: cache-a — healthy",
            "[FIRING:31] GrowingAlert1",
            "[FIRING:29, RESOLVED:2] GrowingAlert1");
    assertThat(posts.get(2).reply().text())
        .endsWith("29 alerts firing, 2 resolved · notification #33 · last change 12:04:34 UTC");
    assertThat(chat.edits()).hasSize(30);
    assertThat(chat.edits().get(29).messageId()).isEqualTo(posts.get(2).messageId());

    bot.postWebhook(StormPayloads.changing(1, 31, 31, "cache-a"));
    chat.await(p -> p.reply().title().startsWith("Verified"), 1, WAIT);
    assertThat(chat.in(thread))
        .extracting(p -> p.reply().title())
        .endsWith("[RESOLVED] GrowingAlert1", "Verified: cache-a healthy again");
    assertThat(chat.in(thread).get(3).reply().text())
        .contains("Notification #34 for this alert group.");
    assertThat(bot.wiring.audit().recent(50))
        .filteredOn(e -> e.command().equals("alert triage"))
        .hasSize(2); // the first triage and the verification: changes are never triaged
  }

  @Test
  @DisplayName("the update message is kept in the database: a restarted bot edits the same one")
  void restartEditsTheSameMessage(@TempDir Path dir) throws Exception {
    String store = "jdbc:h2:file:" + dir.resolve("bot");
    var chat = new RecordingOutbox(Duration.ZERO);
    try (var first = start(store, chat)) {
      first.postWebhook(StormPayloads.changing(2, 1, 0, "cache-a"));
      chat.await(p -> p.reply().title().startsWith("Triage"), 1, WAIT);
      first.postWebhook(StormPayloads.changing(2, 2, 0, "cache-a"));
      chat.await(p -> p.reply().title().equals("[FIRING:2] GrowingAlert2"), 1, WAIT);
    }
    clock.advance(Duration.ofSeconds(5));
    bot = start(store, chat);
    bot.postWebhook(StormPayloads.changing(2, 3, 0, "cache-a"));
    bot.awaitIdle(WAIT);

    assertThat(chat.posts())
        .extracting(p -> p.reply().title())
        .containsExactly(
            "[FIRING:1] GrowingAlert2", "Triage: cache-a — healthy", "[FIRING:3] GrowingAlert2");
    assertThat(chat.edits())
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.reply().text())
                    .endsWith("3 alerts firing · notification #3 · last change 12:04:05 UTC"));
  }

  private AlertBot start(String store, RecordingOutbox chat) throws Exception {
    return AlertBot.start(redis.server().url(), redis.server().url(), store, "", clock, chat);
  }

  private static String memoryStore() {
    return "jdbc:h2:mem:coalesce-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
  }

  /** Waits until intake has handled everything it took. */
  private void handled() {
    Awaitility.await("intake handled everything it took")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(1))
        .until(() -> bot.wiring.alertIntake().pending() == 0);
  }
}
