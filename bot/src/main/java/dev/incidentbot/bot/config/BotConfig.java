package dev.incidentbot.bot.config;

import dev.incidentbot.recovery.RecoveryPolicy;
import dev.incidentbot.recovery.action.RunbookScript;
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
 * @param recovery how recovery confirmations behave (defaults when there is no recovery: section)
 * @param scripts the runbook scripts people may run after confirmation
 */
public record BotConfig(
    String source,
    List<Target> targets,
    List<ConsoleUser> consoleUsers,
    StoreConfig store,
    IncidentsSettings incidents,
    RecoveryPolicy recovery,
    List<RunbookScript> scripts) {

  public BotConfig {
    targets = List.copyOf(targets);
    consoleUsers = List.copyOf(consoleUsers);
    incidents = incidents == null ? IncidentsSettings.DEFAULTS : incidents;
    recovery = recovery == null ? RecoveryPolicy.DEFAULTS : recovery;
    scripts = scripts == null ? List.of() : List.copyOf(scripts);
  }

  /** A configuration with the default incident and recovery settings and no scripts. */
  public BotConfig(
      String source, List<Target> targets, List<ConsoleUser> consoleUsers, StoreConfig store) {
    this(source, targets, consoleUsers, store, IncidentsSettings.DEFAULTS, null, null);
  }

  /** This configuration with other incident settings (tests shorten reminders). */
  public BotConfig withIncidents(IncidentsSettings settings) {
    return new BotConfig(source, targets, consoleUsers, store, settings, recovery, scripts);
  }

  /** This configuration with other recovery settings. */
  public BotConfig withRecovery(RecoveryPolicy policy) {
    return new BotConfig(source, targets, consoleUsers, store, incidents, policy, scripts);
  }

  /** A console user with validated roles. */
  public record ConsoleUser(String name, List<String> roles) {
    public ConsoleUser {
      roles = List.copyOf(roles);
    }
  }
}
