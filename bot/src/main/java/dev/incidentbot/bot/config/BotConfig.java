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
 * @param recovery how recovery confirmations behave
 * @param scripts the runbook scripts people may run after confirmation
 */
public record BotConfig(
    String source,
    List<Target> targets,
    List<ConsoleUser> consoleUsers,
    StoreConfig store,
    RecoveryPolicy recovery,
    List<RunbookScript> scripts) {

  public BotConfig {
    targets = List.copyOf(targets);
    consoleUsers = List.copyOf(consoleUsers);
    scripts = List.copyOf(scripts);
  }

  /** A console user with validated roles. */
  public record ConsoleUser(String name, List<String> roles) {
    public ConsoleUser {
      roles = List.copyOf(roles);
    }
  }
}
