package dev.incidentbot.bot.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Making answers: JSON bodies and plain text, always with a content type. */
final class HttpResponses {
  private static final JsonMapper JSON = new JsonMapper();

  private HttpResponses() {}

  static HttpAnswer json(int status, Map<String, ?> body) {
    try {
      return new HttpAnswer(status, "application/json", JSON.writeValueAsBytes(body), Map.of());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static HttpAnswer text(int status, String contentType, String body) {
    return new HttpAnswer(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  /** 405 with the allowed methods. */
  static HttpAnswer methodNotAllowed(String allowed) {
    return json(405, Map.of("error", "use " + allowed)).with("Allow", allowed);
  }
}
