package dev.incidentbot.bot.config;

import dev.incidentbot.followup.FollowUpSettings;
import dev.incidentbot.recovery.RecoveryPolicy;
import dev.incidentbot.recovery.action.RunbookScript;
import dev.incidentbot.redis.Target;
import dev.incidentbot.sample.SampleSettings;
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
 * @param followUps follow-up checks, incident watches and routine checks
 * @param recovery how recovery confirmations behave (defaults when there is no recovery: section)
 * @param scripts the runbook scripts people may run after confirmation
 * @param alerts alert intake ({@link AlertsSection#defaults()} without an {@code alerts:} section)
 * @param http the HTTP port, or null when the file has no {@code http:} section (no port opened)
 * @param samples how targets are sampled for charts ({@link SampleSettings#DEFAULTS} without a
 *     {@code samples:} section)
 */
public record BotConfig(
    String source,
    List<Target> targets,
    List<ConsoleUser> consoleUsers,
    StoreConfig store,
    IncidentsSection incidents,
    DiscordSettings discord,
    FollowUpSettings followUps,
    RecoveryPolicy recovery,
    List<RunbookScript> scripts,
    AlertsSection alerts,
    HttpSettings http,
    SampleSettings samples) {

  public BotConfig {
    targets = List.copyOf(targets);
    consoleUsers = List.copyOf(consoleUsers);
    incidents = incidents == null ? IncidentsSection.DEFAULTS : incidents;
    followUps = followUps == null ? FollowUpSettings.DEFAULTS : followUps;
    recovery = recovery == null ? RecoveryPolicy.DEFAULTS : recovery;
    scripts = scripts == null ? List.of() : List.copyOf(scripts);
    alerts = alerts == null ? AlertsSection.defaults() : alerts;
    samples = samples == null ? SampleSettings.DEFAULTS : samples;
  }

  /**
   * A configuration with the default incident, follow-up, recovery, alert, HTTP and sample settings
   * and no Discord section.
   */
  public BotConfig(
      String source, List<Target> targets, List<ConsoleUser> consoleUsers, StoreConfig store) {
    this(source, targets, consoleUsers, store, IncidentsSection.DEFAULTS, null, null, null, null);
  }

  /** A configuration without alert intake or HTTP port, with the default sample settings. */
  public BotConfig(
      String source,
      List<Target> targets,
      List<ConsoleUser> consoleUsers,
      StoreConfig store,
      IncidentsSection incidents,
      DiscordSettings discord,
      FollowUpSettings followUps,
      RecoveryPolicy recovery,
      List<RunbookScript> scripts) {
    this(
        source,
        targets,
        consoleUsers,
        store,
        incidents,
        discord,
        followUps,
        recovery,
        scripts,
        null,
        null,
        null);
  }

  /** This configuration with other incident settings (tests shorten reminders). */
  public BotConfig withIncidents(IncidentsSection settings) {
    return with(settings, followUps, recovery, samples);
  }

  /** This configuration with other follow-up settings (tests shorten offsets). */
  public BotConfig withFollowUps(FollowUpSettings settings) {
    return with(incidents, settings, recovery, samples);
  }

  /** This configuration with other recovery settings. */
  public BotConfig withRecovery(RecoveryPolicy policy) {
    return with(incidents, followUps, policy, samples);
  }

  /** This configuration with other sample settings (tests sample every second). */
  public BotConfig withSamples(SampleSettings settings) {
    return with(incidents, followUps, recovery, settings);
  }

  /** The one copy every {@code with…} method makes: these settings, the rest as they are. */
  private BotConfig with(
      IncidentsSection incidents,
      FollowUpSettings followUps,
      RecoveryPolicy recovery,
      SampleSettings samples) {
    return new BotConfig(
        source,
        targets,
        consoleUsers,
        store,
        incidents,
        discord,
        followUps,
        recovery,
        scripts,
        alerts,
        http,
        samples);
  }

  /** The Discord section, if the file has one. */
  public Optional<DiscordSettings> discordSettings() {
    return Optional.ofNullable(discord);
  }

  /** The HTTP section, if the file has one. */
  public Optional<HttpSettings> httpSettings() {
    return Optional.ofNullable(http);
  }

  /** A console user with validated roles. */
  public record ConsoleUser(String name, List<String> roles) {
    public ConsoleUser {
      roles = List.copyOf(roles);
    }
  }
}
