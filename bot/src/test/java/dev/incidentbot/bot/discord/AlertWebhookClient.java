package dev.incidentbot.bot.discord;

import dev.incidentbot.bot.http.BotHttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Posts Alertmanager webhook bodies to a running bot's {@code /alerts/alertmanager}. */
final class AlertWebhookClient {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private AlertWebhookClient() {}

  /** POSTs {@code body} with {@code token} as the bearer token; the status code. */
  static int post(BotHttpServer http, String token, String body)
      throws IOException, InterruptedException {
    return CLIENT
        .send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + http.port() + "/alerts/alertmanager"))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
