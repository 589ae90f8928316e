package dev.incidentbot.bot.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.alert.StormPayloads;
import dev.incidentbot.bot.discord.fake.FakeDiscordExtension;
import dev.incidentbot.bot.discord.fake.FakeMessage;
import dev.incidentbot.bot.http.BotHttpServer;
import dev.incidentbot.testing.RedisExtension;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A growing alert group in Discord: its changes edit one update message in the group's thread, and
 * a burst of them costs a few edits, not one per notification, under Discord's rate limits.
 */
@DisplayName(
    "Alert group changes in Discord: one update message edited in place, real JDA, the fake"
        + " Discord with rate limits, real redis-server")
class AlertDiscordCoalescingTest {
  private static final String TOKEN = "coalesce-token-0123456789abcdef";
  private static final int ALERTS = 31;

  @RegisterExtension
  @Order(1)
  static final RedisExtension redis = new RedisExtension();

  @RegisterExtension
  @Order(2)
  static final FakeDiscordExtension discord =
      FakeDiscordExtension.withTargets(
              () ->
                  "targets:\n  - name: cache-a\n    url: "
                      + redis.server().url()
                      + "\n"
                      + "alerts:\n  token: "
                      + TOKEN
                      + "\n"
                      + "http:\n  port: 0\n")
          .build();

  private static BotHttpServer http;

  @BeforeAll
  static void openHttp() {
    http = discord.wiring().startHttp(List.of(discord.bot().connectedProbe())).orElseThrow();
  }

  @Test
  @DisplayName(
      "30 changes sent back to back: one update message, a few edits, the latest state, exact"
          + " count; resolved closes the loop")
  void burstOfChanges() throws Exception {
    assertThat(post(StormPayloads.changing(1, 1, 0, "cache-a"))).isEqualTo(202);
    FakeMessage alert = await("alerts", m -> m.title().startsWith("[FIRING:1] GrowingAlert1"));
    await(alert.id(), m -> m.title().startsWith("Triage: cache-a"));

    for (int alerts = 2; alerts <= ALERTS; alerts++) {
      assertThat(post(StormPayloads.changing(1, alerts, 0, "cache-a"))).isEqualTo(202);
    }
    awaitIdle();

    List<FakeMessage> thread = discord.fake().messages(alert.id());
    assertThat(thread).extracting(FakeMessage::title).hasSize(2);
    FakeMessage update = thread.get(1);
    assertThat(update.title()).isEqualTo("[FIRING:" + ALERTS + "] GrowingAlert1");
    assertThat(update.description())
        .contains(ALERTS + " alerts firing · notification #" + ALERTS + " · last change");
    assertThat(update.edits())
        .as("a burst is said by a few edits, not one per notification")
        .isBetween(0, 10);
    assertThat(discord.fake().violations()).isEmpty();

    assertThat(post(StormPayloads.changing(1, ALERTS, ALERTS, "cache-a"))).isEqualTo(202);
    await(alert.id(), m -> m.title().startsWith("Verified: cache-a"));
    assertThat(discord.fake().messages(alert.id()))
        .extracting(FakeMessage::title)
        .containsExactly(
            thread.get(0).title(),
            "[FIRING:" + ALERTS + "] GrowingAlert1",
            "[RESOLVED] GrowingAlert1",
            "Verified: cache-a healthy again");
    assertThat(discord.fake().messages(alert.id()).get(2).description())
        .contains("Notification #" + (ALERTS + 1) + " for this alert group.");
  }

  private static FakeMessage await(String channel, Predicate<FakeMessage> test)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      for (FakeMessage m : messages(channel)) {
        if (test.test(m)) {
          return m;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no such message in " + channel + ": " + messages(channel));
  }

  /** The messages of a channel or thread; none while the thread is not opened yet. */
  private static List<FakeMessage> messages(String channel) {
    try {
      return discord.fake().messages(channel);
    } catch (IllegalArgumentException notYet) {
      return List.of();
    }
  }

  private static void awaitIdle() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (discord.wiring().alertIntake().pending() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(discord.wiring().alertIntake().pending()).isZero();
  }

  private static int post(String body) throws Exception {
    return AlertWebhookClient.post(http, TOKEN, body);
  }
}
