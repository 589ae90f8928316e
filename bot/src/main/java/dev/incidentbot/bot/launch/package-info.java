/**
 * The entry point: {@link dev.incidentbot.bot.launch.Main} reads the configuration, has {@link
 * dev.incidentbot.bot.Wiring} build the bot, and runs the chosen adapter (console or Discord) until
 * it is stopped. The top of the package graph: it may use every package, and none uses it, so the
 * adapters can depend on the wiring without a cycle.
 */
package dev.incidentbot.bot.launch;
