package dev.incidentbot.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a test asks a real Alertmanager directly, to check what the bot did: its silences and its
 * alerts with their state, through API v2. Independent of the bot's own client.
 */
public final class AlertmanagerApi {
  private static final JsonMapper JSON = new JsonMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String url;

  public AlertmanagerApi(String url) {
    this.url = url;
  }

  /**
   * A silence as Alertmanager holds it.
   *
   * @param matchers "name=value", "name=~value", … one per matcher, as Alertmanager stores them
   */
  public record Silence(
      String id, String state, List<String> matchers, String createdBy, String endsAt) {}

  /** An alert as Alertmanager holds it: its labels, state and the silences muting it. */
  public record Alert(Map<String, String> labels, String state, List<String> silencedBy) {}

  public List<Silence> silences() {
    var list = new ArrayList<Silence>();
    for (JsonNode s : get("/api/v2/silences")) {
      var matchers = new ArrayList<String>();
      for (JsonNode m : s.path("matchers")) {
        String op =
            (m.path("isEqual").asBoolean(true) ? "=" : "!")
                + (m.path("isRegex").asBoolean() ? "~" : "");
        matchers.add(
            m.path("name").asText() + ("!".equals(op) ? "!=" : op) + m.path("value").asText());
      }
      list.add(
          new Silence(
              s.path("id").asText(),
              s.path("status").path("state").asText(),
              matchers,
              s.path("createdBy").asText(),
              s.path("endsAt").asText()));
    }
    return list;
  }

  public List<Silence> activeSilences() {
    return silences().stream().filter(s -> s.state().equals("active")).toList();
  }

  public List<Alert> alerts() {
    var list = new ArrayList<Alert>();
    for (JsonNode a : get("/api/v2/alerts")) {
      var labels = new TreeMap<String, String>();
      a.path("labels")
          .fields()
          .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
      var silencedBy = new ArrayList<String>();
      a.path("status").path("silencedBy").forEach(n -> silencedBy.add(n.asText()));
      list.add(new Alert(labels, a.path("status").path("state").asText(), silencedBy));
    }
    return list;
  }

  /**
   * Creates a silence as a person would in Alertmanager's UI: equality matchers, from now for
   * {@code length}; returns its id.
   */
  public String silence(Map<String, String> equal, Duration length, String createdBy) {
    var body = JSON.createObjectNode();
    var matchers = body.putArray("matchers");
    equal.forEach(
        (k, v) ->
            matchers
                .addObject()
                .put("name", k)
                .put("value", v)
                .put("isRegex", false)
                .put("isEqual", true));
    java.time.Instant now = java.time.Instant.now();
    body.put("startsAt", now.toString());
    body.put("endsAt", now.plus(length).toString());
    body.put("createdBy", createdBy);
    body.put("comment", "made in Alertmanager's UI");
    try {
      HttpResponse<String> answer =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url + "/api/v2/silences"))
                  .timeout(Duration.ofSeconds(5))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        throw new IllegalStateException("HTTP " + answer.statusCode() + " " + answer.body());
      }
      return JSON.readTree(answer.body()).path("silenceID").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private JsonNode get(String path) {
    try {
      HttpResponse<String> answer =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        throw new IllegalStateException(
            path + ": HTTP " + answer.statusCode() + " " + answer.body());
      }
      return JSON.readTree(answer.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
