/**
 * The bot in Discord (JDA): slash commands, button presses and submitted forms (modals) become
 * {@link dev.incidentbot.chat.Request}s for the router, and every {@link
 * dev.incidentbot.chat.Reply} is laid out as embeds, buttons and files within Discord's limits
 * ({@link dev.incidentbot.bot.discord.DiscordLimits}), mentioning nobody but the configured on-call
 * role. A reply's {@link dev.incidentbot.chat.Form} opens as a modal when it is the first answer to
 * a slash command or button, and is a button that opens it otherwise. Interactions are acknowledged
 * within Discord's 3 seconds; command work runs on the worker pool, never on JDA's event thread.
 * {@link dev.incidentbot.bot.discord.DiscordBot} starts it all, once this instance holds the
 * gateway lease ({@link dev.incidentbot.bot.leader}); an interaction that another instance's
 * session claimed first is left to it. Posts for a thread JDA does not hold (archived, or the bot
 * restarted) fetch it from Discord; a locked or deleted thread's post goes to its parent channel
 * ({@link dev.incidentbot.bot.discord.PostTargets}).
 */
package dev.incidentbot.bot.discord;
