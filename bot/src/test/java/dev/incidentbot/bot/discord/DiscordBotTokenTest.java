package dev.incidentbot.bot.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.ConfigLoader;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The bot runs in Discord exactly when a token is set")
class DiscordBotTokenTest {
  private static final String TARGETS =
      "targets:\n  - name: main\n    url: redis://localhost:6379\n";
  private static final String DISCORD =
      "discord:\n  guild: \"100000000000000001\"\n  channels: { ops: \"100000000000000002\" }\n";

  private static BotConfig config(String yaml, Map<String, String> env) throws Exception {
    return new ConfigLoader(env::get).parse("config.yml", TARGETS + yaml);
  }

  @Test
  @DisplayName("no token anywhere: console")
  void none() throws Exception {
    assertThat(DiscordToken.find(config("", Map.of()), name -> null)).isEmpty();
    assertThat(
            DiscordToken.find(
                config(DISCORD + "  token: ${DISCORD_TOKEN:-}\n", Map.of()), n -> null))
        .isEmpty();
  }

  @Test
  @DisplayName("DISCORD_TOKEN in the environment, or discord.token in the file, which wins")
  void fromEnvOrFile() throws Exception {
    Map<String, String> env = Map.of("DISCORD_TOKEN", " env-token ");
    assertThat(DiscordToken.find(config(DISCORD, env), env::get)).contains("env-token");
    assertThat(DiscordToken.find(config(DISCORD + "  token: file-token\n", env), env::get))
        .contains("file-token");
  }
}
