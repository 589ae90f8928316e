package dev.incidentbot.bot.discord;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidentbot.bot.discord.fake.FakeDiscord;
import dev.incidentbot.bot.discord.fake.FakeMessage;
import java.io.IOException;
import java.io.InputStream;

/**
 * The alert fixtures under {@code src/test/resources/alerts/} for the Discord end-to-end tests:
 * read as bytes, or (Alertmanager's Discord receiver's messages) posted in #alerts of the fake
 * Discord as its alert webhook, as Alertmanager would.
 */
final class AlertFixturePosts {
  private static final JsonMapper JSON = new JsonMapper();

  private AlertFixturePosts() {}

  /** The fixture {@code alerts/<path>}. */
  static byte[] bytes(String path) throws IOException {
    try (InputStream in = AlertFixturePosts.class.getResourceAsStream("/alerts/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture alerts/" + path);
      }
      return in.readAllBytes();
    }
  }

  /** Posts the Discord webhook body {@code alerts/<path>} (its content, its first embed). */
  static FakeMessage post(FakeDiscord fake, String path) throws IOException {
    ObjectNode body = (ObjectNode) JSON.readTree(bytes(path));
    return fake.postWebhookMessage(
        "alerts", body.path("content").asText(), (ObjectNode) body.path("embeds").get(0));
  }
}
