/**
 * Fault tests: the bot run as a real child process, killed with {@code kill -9} at chosen moments
 * and started again on the same database, to show that nothing accepted is lost and nothing runs
 * twice. Each test class drives one fault (a burst of alerts cut short, an action interrupted, a
 * database outage during a script) against real servers (redis-server, PostgreSQL) started on free
 * loopback ports, on H2 and on PostgreSQL.
 *
 * <p>One harness, {@link dev.incidentbot.bot.fault.BotProcess}: it writes the config (targets,
 * store on H2 or a PostgreSQL database, alert token, HTTP port on a free loopback port), starts
 * {@code Main} as a child JVM, waits for {@code /healthz}, types console lines, posts webhooks,
 * waits for output, kills with SIGKILL and restarts on the same database and port. Servers are
 * shared within a test class; each test gets its own bot database.
 */
package dev.incidentbot.bot.fault;
