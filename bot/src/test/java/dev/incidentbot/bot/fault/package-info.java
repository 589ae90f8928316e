/**
 * The fault suite: the bot run as a real child JVM ({@link dev.incidentbot.bot.fault.BotProcess}),
 * killed with {@code kill -9} at chosen moments and restarted on the same database, to prove that
 * nothing it accepted is lost and nothing runs twice. Each test class drives one fault (a burst of
 * alerts cut short, an action interrupted, …) against real servers (redis-server, PostgreSQL)
 * started on free loopback ports, on H2 and on PostgreSQL.
 *
 * <p>{@link dev.incidentbot.bot.fault.BotProcess} is the reusable part: a generated config, the
 * console chat on a pipe, the HTTP port, stdout as lines, kill and restart on the same data.
 */
package dev.incidentbot.bot.fault;
