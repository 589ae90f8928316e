package dev.incidentbot.bot.http;

import dev.incidentbot.bot.metrics.BotMetrics;

/**
 * {@code GET /metrics}: the bot's Micrometer meters (bot, JVM, process, pools) in Prometheus text
 * format 0.0.4, written by Micrometer's Prometheus registry.
 */
final class MetricsEndpoint {
  static final String PATH = "/metrics";
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final BotMetrics metrics;

  MetricsEndpoint(BotMetrics metrics) {
    this.metrics = metrics;
  }

  HttpAnswer answer(String method) {
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      return HttpResponses.methodNotAllowed("GET");
    }
    return HttpResponses.text(200, CONTENT_TYPE, metrics.render());
  }
}
