package dev.incidentbot.bot.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Discord ids whether they are quoted or not: YAML reads {@code 1234567890123456789} as a
 * number, and people paste ids without quotes. The digits are kept exactly as written.
 */
final class DiscordIds {
  private DiscordIds() {}

  /** One id or name. */
  static final class One extends JsonDeserializer<String> {
    @Override
    public String deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      return scalar(p);
    }
  }

  /** A list of ids or names; a single value counts as a list of one. */
  static final class Many extends JsonDeserializer<List<String>> {
    @Override
    public List<String> deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      var values = new ArrayList<String>();
      if (p.currentToken() != JsonToken.START_ARRAY) {
        values.add(scalar(p));
        return values;
      }
      while (p.nextToken() != JsonToken.END_ARRAY) {
        values.add(scalar(p));
      }
      return values;
    }
  }

  private static String scalar(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT) {
      return p.getText();
    }
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    throw JsonMappingException.from(p, "expected a Discord id or role name, not " + t);
  }
}
