/**
 * The bot's own metrics in Prometheus text format: a small registry of counters, gauges and
 * histograms ({@link dev.incidentbot.bot.metrics.MetricRegistry}), the bot's metric names ({@link
 * dev.incidentbot.bot.metrics.BotMetrics}) and the decorator that counts every audited command
 * ({@link dev.incidentbot.bot.metrics.MeteredAuditLog}). Everything here is thread-safe and cheap
 * enough to call on any thread.
 */
package dev.incidentbot.bot.metrics;
