/**
 * A fake Discord for tests: real JDA logs into it on loopback ({@link
 * dev.incidentbot.bot.discord.fake.FakeDiscord}), and {@link
 * dev.incidentbot.bot.discord.fake.FakeDiscordExtension} runs the whole bot against it once per
 * test class. It serves what the bot uses (login, gateway, commands, interactions, modals and their
 * submission, webhooks, channel messages, threads), records everything, and is as strict as Discord
 * about size limits, button and modal layout and the 3-second acknowledgement, and stricter about
 * mentions.
 *
 * <p>Discord's rate limits are on by default ({@link
 * dev.incidentbot.bot.discord.fake.RateLimits#discord()}: per-channel buckets for messages, edits
 * and threads, per-webhook buckets for interaction follow-ups, a global 50 a second that
 * interactions are exempt from): every answer carries the X-RateLimit headers, a call over a limit
 * is answered 429 and changes nothing, and a call JDA makes against what the headers told it is a
 * violation that fails the test. Pass {@link dev.incidentbot.bot.discord.fake.RateLimits#none()}
 * (or other numbers) to {@code FakeDiscord.start} or {@code
 * FakeDiscordExtension.Builder.rateLimits} to change that.
 */
package dev.incidentbot.bot.discord.fake;
