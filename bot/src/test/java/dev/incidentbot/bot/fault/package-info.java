/**
 * Fault tests: the bot run as a real child process, killed with {@code kill -9} at chosen moments
 * and started again on the same database, to show that nothing accepted is lost and nothing runs
 * twice. Each test class drives one fault (a burst of alerts cut short, an action interrupted, a
 * database outage during a script) against real servers (redis-server, PostgreSQL) started on free
 * loopback ports, on H2 and on PostgreSQL.
 *
 * <p>Two harnesses: {@link dev.incidentbot.bot.fault.ChildBot} starts {@code Main} on a config the
 * test writes and drives its console; {@link dev.incidentbot.bot.fault.BotProcess} also writes the
 * config (targets, store, alert token, HTTP port on a free loopback port), waits for {@code
 * /healthz}, posts webhooks, keeps stdout per run and restarts on the same data and port.
 */
package dev.incidentbot.bot.fault;
