/**
 * The bot's configuration: one YAML file with {@code ${ENV_VAR}} substitution, bound to immutable
 * records and validated once at start-up. Every error names the file, the path to the field and
 * what is wrong; after that the configuration is read-only.
 */
package dev.incidentbot.bot.config;
