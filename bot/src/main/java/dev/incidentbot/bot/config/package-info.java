/**
 * The bot's configuration: one YAML file with {@code ${ENV_VAR}} substitution, bound to immutable
 * records and validated once at start-up. Every error names the file, the path to the field and
 * what is wrong; after that the configuration is read-only.
 *
 * <p>Names say which stage a record is: {@code ...Config} is a YAML section as written (nullable
 * fields, bound by Jackson: {@link dev.incidentbot.bot.config.AlertsConfig}); {@code ...Section} is
 * that section validated, holding a feature's runtime settings from {@code commands} plus what only
 * the bot uses ({@link dev.incidentbot.bot.config.AlertsSection} holds {@code alert.AlertSettings}
 * and the webhook token, {@link dev.incidentbot.bot.config.IncidentsSection} holds {@code
 * incident.IncidentSettings}, the template directory and the webhooks); {@code ...Settings} here
 * are validated sections no feature shares ({@link dev.incidentbot.bot.config.DiscordSettings},
 * {@link dev.incidentbot.bot.config.HttpSettings}). The YAML keys do not change with these names.
 */
package dev.incidentbot.bot.config;
