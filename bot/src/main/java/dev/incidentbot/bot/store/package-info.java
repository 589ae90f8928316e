/**
 * The bot's own state in its own database (H2 file by default, PostgreSQL for several instances),
 * never in a Redis it watches: schema migrations, the audit log, button actions. All classes here
 * are thread-safe; each call takes its own connection.
 */
package dev.incidentbot.bot.store;
