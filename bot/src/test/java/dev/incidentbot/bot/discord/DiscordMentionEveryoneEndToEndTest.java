package dev.incidentbot.bot.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.discord.fake.FakeDiscordExtension;
import dev.incidentbot.bot.discord.fake.FakeMessage;
import dev.incidentbot.bot.discord.fake.FakeUser;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The other way Discord lets a bot notify a role that is not mentionable: the bot has Mention
 * Everyone. The page then notifies the role's members, still nobody else, and the bot does not
 * warn.
 */
@DisplayName("A bot with Mention Everyone pages a role that is not mentionable")
class DiscordMentionEveryoneEndToEndTest {
  @RegisterExtension
  static final FakeDiscordExtension discord =
      FakeDiscordExtension.withTargets(
              () -> "targets:\n  - name: main\n    url: redis://127.0.0.1:1\n")
          .command(TestCommands.all().toArray(dev.incidentbot.chat.Command[]::new))
          .setUp(fake -> fake.grantMentionEveryone())
          .build();

  @Test
  @DisplayName("no start-up warning; the page notifies the on-call members and nobody else")
  void pagesWithMentionEveryone() {
    FakeUser alice = discord.user("alice", "Viewer");
    FakeUser carol = discord.user("carol", "On-Call");

    FakeMessage page = discord.run("test page", Map.of("text", "@everyone wake up"), alice);

    assertThat(discord.bot().startupWarnings()).isEmpty();
    assertThat(page.notified()).containsExactly(carol.id());
  }
}
