/**
 * The bot's metrics on Micrometer: the bot's meters, the JVM/process binders and the Prometheus
 * registry that renders them ({@link dev.incidentbot.bot.metrics.BotMetrics}, which also implements
 * the {@code commands} module's {@link dev.incidentbot.alert.AlertMetrics} port, so {@code
 * commands} stays free of Micrometer), and the decorator that counts every audited command ({@link
 * dev.incidentbot.bot.metrics.MeteredAuditLog}). Everything here is thread-safe and cheap enough to
 * call on any thread.
 */
package dev.incidentbot.bot.metrics;
