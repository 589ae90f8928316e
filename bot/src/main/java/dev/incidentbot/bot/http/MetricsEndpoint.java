package dev.incidentbot.bot.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.incidentbot.bot.metrics.BotMetrics;
import java.io.IOException;

/** {@code GET /metrics}: the bot's metrics in Prometheus text format 0.0.4. */
final class MetricsEndpoint implements HttpHandler {
  static final String PATH = "/metrics";
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final BotMetrics metrics;

  MetricsEndpoint(BotMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!"GET".equals(method) && !"HEAD".equals(method)) {
        HttpResponses.methodNotAllowed(exchange, "GET");
        return;
      }
      HttpResponses.text(exchange, 200, CONTENT_TYPE, metrics.render());
    }
  }
}
