package dev.incidentbot.bot.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an endpoint answers, apart from the server that sends it: the status, the body with its
 * content type, and any extra headers ({@code WWW-Authenticate}, {@code Retry-After}, {@code
 * Allow}). Endpoints decide with these, so their decisions are tested and read without a socket;
 * {@link BotHttpServer} writes them with a length and {@code Cache-Control: no-store}.
 */
record HttpAnswer(int status, String contentType, byte[] body, Map<String, String> headers) {
  HttpAnswer {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(body, "body");
    headers = Map.copyOf(headers);
  }

  /** The same answer with one more header (replacing one of the same name). */
  HttpAnswer with(String header, String value) {
    var all = new LinkedHashMap<>(headers);
    all.put(header, value);
    return new HttpAnswer(status, contentType, body, all);
  }
}
