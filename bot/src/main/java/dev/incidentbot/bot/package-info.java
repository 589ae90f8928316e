/**
 * The composition root: {@link dev.incidentbot.bot.Wiring} builds every command, store and adapter
 * in one place from the configuration. The adapters (console, Discord, HTTP) are handed the wiring;
 * {@link dev.incidentbot.bot.launch.Main} above them all picks the adapter and runs it.
 */
package dev.incidentbot.bot;
