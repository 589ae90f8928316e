package dev.incidentbot.bot.config;

import dev.incidentbot.redis.Target;
import java.util.List;
import java.util.Optional;

/**
 * The whole configuration after validation: immutable, read-only from here on.
 *
 * @param source where it came from ("config.yml", "built-in defaults"), for messages
 * @param targets the Redis targets, in file order
 * @param consoleUsers console users; the first is the default one
 * @param store the bot's own database
 * @param incidents the incident settings (defaults when the file has no incidents: section)
 * @param discord the Discord section, or null when the file has none (console only)
 */
public record BotConfig(
    String source,
    List<Target> targets,
    List<ConsoleUser> consoleUsers,
    StoreConfig store,
    IncidentsSettings incidents,
    DiscordSettings discord) {

  public BotConfig {
    targets = List.copyOf(targets);
    consoleUsers = List.copyOf(consoleUsers);
    incidents = incidents == null ? IncidentsSettings.DEFAULTS : incidents;
  }

  /** A configuration with the default incident settings and no Discord section. */
  public BotConfig(
      String source, List<Target> targets, List<ConsoleUser> consoleUsers, StoreConfig store) {
    this(source, targets, consoleUsers, store, IncidentsSettings.DEFAULTS, null);
  }

  /** A configuration without a Discord section. */
  public BotConfig(
      String source,
      List<Target> targets,
      List<ConsoleUser> consoleUsers,
      StoreConfig store,
      IncidentsSettings incidents) {
    this(source, targets, consoleUsers, store, incidents, null);
  }

  /** This configuration with other incident settings (tests shorten reminders). */
  public BotConfig withIncidents(IncidentsSettings settings) {
    return new BotConfig(source, targets, consoleUsers, store, settings, discord);
  }

  /** The Discord section, if the file has one. */
  public Optional<DiscordSettings> discordSettings() {
    return Optional.ofNullable(discord);
  }

  /** A console user with validated roles. */
  public record ConsoleUser(String name, List<String> roles) {
    public ConsoleUser {
      roles = List.copyOf(roles);
    }
  }
}
