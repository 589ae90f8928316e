/**
 * The running bot: {@link dev.incidentbot.bot.Main} reads the configuration, {@link
 * dev.incidentbot.bot.Wiring} builds every command, store and adapter in one place, and the chosen
 * adapter (console or Discord) runs until it is stopped.
 */
package dev.incidentbot.bot;
