/**
 * The bot in Discord (JDA): slash commands and button presses become {@link
 * dev.incidentbot.chat.Request}s for the router, and every {@link dev.incidentbot.chat.Reply} is
 * laid out as embeds, buttons and files within Discord's limits ({@link
 * dev.incidentbot.bot.discord.DiscordLimits}), mentioning nobody but the configured on-call role.
 * Interactions are acknowledged within Discord's 3 seconds; command work runs on the worker pool,
 * never on JDA's event thread. {@link dev.incidentbot.bot.discord.DiscordBot} starts it all.
 */
package dev.incidentbot.bot.discord;
