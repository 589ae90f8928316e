package dev.incidentbot.bot.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.incidentbot.alert.AlertMessage;
import dev.incidentbot.chat.Place;
import dev.incidentbot.testing.RecordingOutbox;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;

/** The captured and hand-written alert bodies under src/test/resources/alerts. */
final class AlertFixtures {
  static final String SENDER = "1180000000000000001";
  private static final JsonMapper JSON = new JsonMapper();

  private AlertFixtures() {}

  static byte[] bytes(String path) {
    try (InputStream in = AlertFixtures.class.getResourceAsStream("/alerts/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture alerts/" + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String webhook(String name) {
    return new String(bytes("alertmanager/webhook/" + name + ".json"));
  }

  /** A Discord webhook body as the message it becomes in the alert channel. */
  static AlertMessage message(String path, String messageId) {
    return message(path, messageId, SENDER);
  }

  static AlertMessage message(String path, String messageId, String senderId) {
    try {
      JsonNode body = JSON.readTree(bytes(path));
      var embeds = new ArrayList<AlertMessage.Embed>();
      for (JsonNode e : body.path("embeds")) {
        embeds.add(
            new AlertMessage.Embed(e.path("title").asText(), e.path("description").asText()));
      }
      return new AlertMessage(
          Place.channel(RecordingOutbox.ALERTS),
          messageId,
          senderId,
          body.path("content").asText(),
          embeds);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
