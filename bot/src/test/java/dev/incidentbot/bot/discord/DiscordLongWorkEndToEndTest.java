package dev.incidentbot.bot.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.discord.fake.FakeDiscord;
import dev.incidentbot.bot.discord.fake.FakeDiscordExtension;
import dev.incidentbot.bot.discord.fake.FakeInteraction;
import dev.incidentbot.bot.discord.fake.FakeMessage;
import dev.incidentbot.bot.discord.fake.FakeUser;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Work that outlives the interaction token: here the fake's tokens live 3 s instead of 15 minutes,
 * and the bot uses them for 2 s instead of 14 minutes. The extension fails a test on any call the
 * fake refused, such as an edit with an expired token (401, 50027).
 */
@DisplayName("Work outliving the interaction token continues as a channel message")
class DiscordLongWorkEndToEndTest {
  private static final Duration TOKEN = Duration.ofSeconds(3);

  @RegisterExtension
  static final FakeDiscordExtension discord =
      FakeDiscordExtension.withTargets(
              () -> "targets:\n  - name: main\n    url: redis://127.0.0.1:1\n")
          .command(TestCommands.all().toArray(dev.incidentbot.chat.Command[]::new))
          .setUp(fake -> fake.tokenLifetime(TOKEN))
          .hookLifetime(Duration.ofSeconds(2))
          .build();

  private final FakeDiscord fake = discord.fake();

  @Test
  @DisplayName(
      "progress and the result after the token's lifetime are posted and edited in the channel;"
          + " the answer says so")
  void resultAfterTheTokenExpired() {
    FakeUser alice = discord.user("alice", "Viewer");

    FakeInteraction run = discord.slash("test slow", Map.of("millis", 5000), alice);
    FakeMessage result = awaitChannelMessage(m -> m.title().startsWith("Done"));

    assertThat(result.interactionId()).as("a plain channel message").isNull();
    assertThat(result.channelId()).isEqualTo(fake.channelId("ops"));
    assertThat(result.edits()).as("progress, then the result, in one message").isPositive();
    assertThat(fake.awaitAnswer(run).title()).isEqualTo("Still working…");
  }

  @Test
  @DisplayName("work without progress still delivers its result in the channel")
  void silentWorkAfterTheTokenExpired() {
    FakeUser alice = discord.user("alice", "Viewer");

    FakeInteraction run = discord.slash("test slow", Map.of("millis", 4000, "silent", true), alice);
    FakeMessage result = awaitChannelMessage(m -> m.title().startsWith("Done"));

    assertThat(result.interactionId()).isNull();
    assertThat(fake.awaitAnswer(run).description()).contains("follow as a message in this channel");
  }

  @Test
  @DisplayName("a private result is not posted publicly: the channel gets a notice")
  void privateResultAfterTheTokenExpired() {
    FakeUser alice = discord.user("alice", "Viewer");

    discord.slash("test slow", Map.of("millis", 4000, "silent", true, "private", true), alice);
    FakeMessage notice =
        awaitChannelMessage(m -> m.title().equals("A private answer could not be delivered"));

    assertThat(fake.messages("ops")).noneMatch(m -> m.title().startsWith("Done"));
    assertThat(notice.interactionId()).isNull();
  }

  private FakeMessage awaitChannelMessage(Predicate<FakeMessage> test) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      List<FakeMessage> found =
          fake.messages("ops").stream()
              .filter(m -> m.interactionId() == null)
              .filter(test)
              .toList();
      if (!found.isEmpty()) {
        return found.get(0);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError("no such channel message; the channel has " + fake.messages("ops"));
  }
}
