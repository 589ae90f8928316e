package dev.incidentbot.bot.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.discord.fake.FakeDiscord;
import dev.incidentbot.bot.discord.fake.FakeDiscordExtension;
import dev.incidentbot.bot.discord.fake.FakeMessage;
import dev.incidentbot.bot.discord.fake.FakeUser;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The on-call role as a new Discord role is: not mentionable, and the bot without Mention Everyone.
 * Discord then shows the role in a page and notifies nobody; the bot says so at start-up.
 */
@DisplayName("An on-call role that is not mentionable: nobody is paged, and the bot warns")
class DiscordOnCallRoleEndToEndTest {
  @RegisterExtension
  static final FakeDiscordExtension discord =
      FakeDiscordExtension.withTargets(
              () -> "targets:\n  - name: main\n    url: redis://127.0.0.1:1\n")
          .command(TestCommands.all().toArray(dev.incidentbot.chat.Command[]::new))
          .build();

  private final FakeDiscord fake = discord.fake();

  @Test
  @DisplayName("the start-up warning names the role and the fix")
  void warnsAtStartUp() {
    assertThat(discord.bot().startupWarnings())
        .singleElement()
        .asString()
        .contains("role 'On-Call' (" + fake.roleId("On-Call") + ")")
        .contains("not mentionable")
        .contains("notify NOBODY")
        .contains("Allow anyone to @mention this role");
  }

  @Test
  @DisplayName("a page mentions the role, and Discord notifies none of its members")
  void pageNotifiesNobody() {
    FakeUser alice = discord.user("alice", "Viewer");
    discord.user("carol", "On-Call");

    FakeMessage page = discord.run("test page", Map.of("text", "Redis is down"), alice);

    assertThat(page.content()).isEqualTo("<@&" + fake.roleId("On-Call") + ">");
    assertThat(page.notified()).isEmpty();
  }
}
