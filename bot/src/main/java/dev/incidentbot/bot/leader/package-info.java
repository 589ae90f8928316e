/**
 * Several bot instances on one PostgreSQL database, one bot in Discord: which instance holds the
 * Discord gateway ({@link dev.incidentbot.bot.leader.GatewayLease}).
 *
 * <p>The design, active/standby:
 *
 * <ul>
 *   <li><b>One leader.</b> Exactly one instance holds the gateway lease, a PostgreSQL session
 *       advisory lock on a connection of its own (not from the pool), and with it the only gateway
 *       session: it answers every command, button and form, handles every alert, makes every post
 *       (its own and those standbys ask for) and runs the sweep for interrupted actions. Discord
 *       sends every event to every session of a bot token, so a second session would answer
 *       everything twice.
 *   <li><b>Standbys.</b> The others ask for the lock every second and serve HTTP: they take
 *       Alertmanager webhooks (stored in the database inbox, already lapsed, so the leader claims
 *       them within a second and handles each once), {@code /healthz} (role {@code standby}, 200
 *       when healthy) and {@code /metrics}. They run their share of the scheduled work (Quartz
 *       follow-ups, incident watches, reminders, routine checks, samples: one Quartz cluster, each
 *       run on one instance), but they do not post in Discord themselves: posting needs JDA, and
 *       JDA has no REST-only mode (its entities and channel cache come from the gateway), so rather
 *       than a second Discord client a standby's job asks the leader to post through the database
 *       ({@link dev.incidentbot.bot.relay}).
 *   <li><b>Failover.</b> When the leader's process dies its database session ends and PostgreSQL
 *       frees the lock at once; a standby takes it within a second, connects to Discord and
 *       registers the commands (seconds), makes the posts standbys are waiting for (with the nonces
 *       the old leader used) and claims pending alerts. Buttons keep working: their actions are in
 *       the database, not in the process.
 *   <li><b>Losing the database.</b> The leader checks its lock session every second. When a check
 *       fails, or none went through for 5 s, it shuts its JDA session down at once and the process
 *       exits (code 4), to be restarted by its supervisor as a standby. PostgreSQL frees the lock
 *       of a silent session only after 15 s ({@code idle_session_timeout} on that session), so the
 *       old leader is gone from the gateway before another can take it.
 *   <li><b>Belt and braces.</b> Whatever the lease says, an interaction is answered by the instance
 *       that first records its id ({@code handled_interactions}), and a declaration is unique while
 *       open in the database ({@code incidents.open_key}).
 * </ul>
 *
 * <p>On H2 (a file one process opens) the single instance is always the leader.
 */
package dev.incidentbot.bot.leader;
