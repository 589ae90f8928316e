package dev.incidentbot.bot.config;

import dev.incidentbot.redis.Target;
import java.util.List;

/**
 * The whole configuration after validation: immutable, read-only from here on.
 *
 * @param source where it came from ("config.yml", "built-in defaults"), for messages
 * @param targets the Redis targets, in file order
 * @param consoleUsers console users; the first is the default one
 * @param store the bot's own database
 * @param incidents the incident settings (defaults when the file has no incidents: section)
 */
public record BotConfig(
    String source,
    List<Target> targets,
    List<ConsoleUser> consoleUsers,
    StoreConfig store,
    IncidentsSettings incidents) {

  public BotConfig {
    targets = List.copyOf(targets);
    consoleUsers = List.copyOf(consoleUsers);
    incidents = incidents == null ? IncidentsSettings.DEFAULTS : incidents;
  }

  /** A configuration with the default incident settings. */
  public BotConfig(
      String source, List<Target> targets, List<ConsoleUser> consoleUsers, StoreConfig store) {
    this(source, targets, consoleUsers, store, IncidentsSettings.DEFAULTS);
  }

  /** This configuration with other incident settings (tests shorten reminders). */
  public BotConfig withIncidents(IncidentsSettings settings) {
    return new BotConfig(source, targets, consoleUsers, store, settings);
  }

  /** A console user with validated roles. */
  public record ConsoleUser(String name, List<String> roles) {
    public ConsoleUser {
      roles = List.copyOf(roles);
    }
  }
}
