package dev.incidentbot.bot.relay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * {@link RelayRequest}s and {@link RelayResult}s as the JSON stored in {@code relayed_posts}: the
 * records as they are (attachments in base64), so the leader posts exactly what the standby's job
 * built. Unknown properties are refused: both sides run the same release.
 */
final class RelayCodec {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private RelayCodec() {}

  static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot store the relayed post: " + e.getMessage(), e);
    }
  }

  static RelayRequest request(String json) {
    return read(json, RelayRequest.class);
  }

  static RelayResult result(String json) {
    return read(json, RelayResult.class);
  }

  private static <T> T read(String json, Class<T> type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "a relayed post cannot be read (" + e.getOriginalMessage() + ")", e);
    }
  }
}
