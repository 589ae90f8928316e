/**
 * The console chat: the bot in a terminal, with no Discord token. The same commands as in Discord,
 * typed as {@code /redis health target:cache}; buttons shown as {@code [1] Label} and pressed with
 * {@code press 1}; {@code @alice} in front of a line acts as configured user alice. The only
 * package that writes to standard output.
 */
package dev.incidentbot.bot.console;
