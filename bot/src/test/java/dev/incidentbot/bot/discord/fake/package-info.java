/**
 * A fake Discord for tests: real JDA logs into it on loopback ({@link
 * dev.incidentbot.bot.discord.fake.FakeDiscord}), and {@link
 * dev.incidentbot.bot.discord.fake.FakeDiscordExtension} runs the whole bot against it once per
 * test class. It serves what the bot uses (login, gateway, commands, interactions, modals and their
 * submission, webhooks, channel messages, threads), records everything, and is as strict as Discord
 * about size limits, button and modal layout and the 3-second acknowledgement, and stricter about
 * mentions.
 */
package dev.incidentbot.bot.discord.fake;
