/**
 * Fault tests: the bot run as a real child process, killed with {@code kill -9} at chosen moments
 * and started again on the same database, to show that nothing accepted is lost and nothing runs
 * twice.
 */
package dev.incidentbot.bot.fault;
