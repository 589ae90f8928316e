/**
 * Incidents end to end in the running bot: the wiring with a real H2 database, the console as the
 * chat adapter, a hand-fired scheduler or the in-process one, real webhooks on loopback.
 */
package dev.incidentbot.bot.incident;
