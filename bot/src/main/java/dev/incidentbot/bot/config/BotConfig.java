package dev.incidentbot.bot.config;

import dev.incidentbot.followup.FollowUpSettings;
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
 * @param followUps follow-up checks, incident watches and routine checks
 * @param alerts alert intake ({@link AlertsSettings#defaults()} without an {@code alerts:} section)
 * @param http the HTTP port, or null when the file has no {@code http:} section (no port opened)
 */
public record BotConfig(
    String source,
    List<Target> targets,
    List<ConsoleUser> consoleUsers,
    StoreConfig store,
    IncidentsSettings incidents,
    DiscordSettings discord,
    FollowUpSettings followUps,
    AlertsSettings alerts,
    HttpSettings http) {

  public BotConfig {
    targets = List.copyOf(targets);
    consoleUsers = List.copyOf(consoleUsers);
    incidents = incidents == null ? IncidentsSettings.DEFAULTS : incidents;
    followUps = followUps == null ? FollowUpSettings.DEFAULTS : followUps;
    alerts = alerts == null ? AlertsSettings.defaults() : alerts;
  }

  /** A configuration with the default incident and follow-up settings and no Discord section. */
  public BotConfig(
      String source, List<Target> targets, List<ConsoleUser> consoleUsers, StoreConfig store) {
    this(source, targets, consoleUsers, store, IncidentsSettings.DEFAULTS, null, null);
  }

  /** A configuration without a Discord section, with default follow-up settings. */
  public BotConfig(
      String source,
      List<Target> targets,
      List<ConsoleUser> consoleUsers,
      StoreConfig store,
      IncidentsSettings incidents) {
    this(source, targets, consoleUsers, store, incidents, null, null);
  }

  /** A configuration without alert intake or HTTP port. */
  public BotConfig(
      String source,
      List<Target> targets,
      List<ConsoleUser> consoleUsers,
      StoreConfig store,
      IncidentsSettings incidents,
      DiscordSettings discord,
      FollowUpSettings followUps) {
    this(source, targets, consoleUsers, store, incidents, discord, followUps, null, null);
  }

  /** This configuration with other incident settings (tests shorten reminders). */
  public BotConfig withIncidents(IncidentsSettings settings) {
    return new BotConfig(
        source, targets, consoleUsers, store, settings, discord, followUps, alerts, http);
  }

  /** This configuration with other follow-up settings (tests shorten offsets). */
  public BotConfig withFollowUps(FollowUpSettings settings) {
    return new BotConfig(
        source, targets, consoleUsers, store, incidents, discord, settings, alerts, http);
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
