package dev.incidentbot.bot.discord;

import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.DiscordSettings;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds the token to log in with. Kept apart from {@link DiscordBot} and free of logging, so that
 * {@code Main} can choose the log level (quiet console, informative Discord) before any logger
 * exists.
 */
public final class DiscordToken {
  private DiscordToken() {}

  /**
   * {@code discord.token} from the file, else the {@code DISCORD_TOKEN} environment variable; empty
   * when neither is set (then the bot runs as a console chat).
   */
  public static Optional<String> find(BotConfig config, Function<String, String> env) {
    return config
        .discordSettings()
        .map(DiscordSettings::token)
        .or(() -> Optional.ofNullable(env.apply("DISCORD_TOKEN")))
        .map(String::strip)
        .filter(t -> !t.isEmpty());
  }
}
