package dev.incidentbot.bot.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.config.HttpSettings;
import dev.incidentbot.bot.metrics.BotMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("/healthz: 503 naming what is down; no webhook without a token")
class HealthEndpointTest {
  @Test
  @DisplayName("a probe down (or throwing) makes 503, each probe named up or down")
  void down() throws Exception {
    var probes =
        List.of(
            new HealthProbe("database", () -> true),
            new HealthProbe("discord", () -> false),
            new HealthProbe(
                "scheduler",
                () -> {
                  throw new IllegalStateException("stopped");
                }));
    try (var server =
        BotHttpServer.start(
            new HttpSettings("127.0.0.1", 0), Optional.empty(), null, probes, new BotMetrics())) {
      var client = HttpClient.newHttpClient();
      HttpResponse<String> health =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/healthz"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> webhook =
          client.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + server.port() + "/alerts/alertmanager"))
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body())
          .contains("\"status\":\"unavailable\"")
          .contains("\"database\":\"up\"")
          .contains("\"discord\":\"down\"")
          .contains("\"scheduler\":\"down\"");
      assertThat(webhook.statusCode()).isEqualTo(404);
    }
  }
}
