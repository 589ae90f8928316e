package dev.incidentbot.bot.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidentbot.alert.silence.ActiveSilence;
import dev.incidentbot.alert.silence.Alertmanagers;
import dev.incidentbot.alert.silence.LabelMatcher;
import dev.incidentbot.alert.silence.LiveAlert;
import dev.incidentbot.bot.config.AlertmanagerEndpoint;
import dev.incidentbot.chat.Ellipsis;
import dev.incidentbot.format.Durations;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Alertmanagers} over HTTP: {@code GET alerts?filter=…}, {@code GET silences}, {@code POST
 * silences}, {@code DELETE silence/{id}} against each endpoint's API URL, in parallel, each call
 * bounded by the endpoint's timeout as a whole (connect, answer and body). The {@code
 * Authorization} header is sent but never logged or shown. Thread-safe.
 */
public final class HttpAlertmanagers implements Alertmanagers {
  private static final Logger log = LoggerFactory.getLogger(HttpAlertmanagers.class);
  private static final JsonMapper JSON = new JsonMapper();
  private static final int BODY_SHOWN = 200;

  private final List<AlertmanagerEndpoint> endpoints;
  private final HttpClient http;

  public HttpAlertmanagers(List<AlertmanagerEndpoint> endpoints) {
    this.endpoints = List.copyOf(endpoints);
    Duration connect =
        endpoints.stream()
            .map(AlertmanagerEndpoint::timeout)
            .max(Duration::compareTo)
            .orElse(Duration.ofSeconds(5));
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(connect)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public List<String> names() {
    return endpoints.stream().map(AlertmanagerEndpoint::name).toList();
  }

  @Override
  public Call<List<LiveAlert>> alerts(List<LabelMatcher> filter) {
    var query = new StringBuilder("alerts?active=true&silenced=true&inhibited=true");
    for (LabelMatcher m : filter) {
      query.append("&filter=").append(URLEncoder.encode(m.text(), StandardCharsets.UTF_8));
    }
    Call<Map<String, List<LiveAlert>>> each =
        onEach(endpoints, e -> request(e, query.toString()).GET(), HttpAlertmanagers::alerts);
    var merged = new LinkedHashMap<String, LiveAlert>();
    each.value().values().forEach(list -> list.forEach(a -> merge(merged, a)));
    return new Call<>(List.copyOf(merged.values()), each.failures());
  }

  /** The same alert from two Alertmanagers: silenced by the silences of both. */
  private static void merge(Map<String, LiveAlert> merged, LiveAlert a) {
    LiveAlert known = merged.get(a.fingerprint());
    if (known == null) {
      merged.put(a.fingerprint(), a);
      return;
    }
    var silencedBy = new ArrayList<>(known.silencedBy());
    a.silencedBy().stream().filter(id -> !silencedBy.contains(id)).forEach(silencedBy::add);
    merged.put(
        a.fingerprint(), new LiveAlert(a.fingerprint(), a.labels(), known.state(), silencedBy));
  }

  @Override
  public Call<List<ActiveSilence>> silences() {
    Call<Map<String, List<ActiveSilence>>> each =
        onEach(endpoints, e -> request(e, "silences").GET(), HttpAlertmanagers::silences);
    var all = new ArrayList<ActiveSilence>();
    each.value()
        .forEach(
            (name, list) ->
                list.forEach(
                    s ->
                        all.add(
                            new ActiveSilence(
                                name,
                                s.id(),
                                s.matchers(),
                                s.startsAt(),
                                s.endsAt(),
                                s.createdBy(),
                                s.comment(),
                                s.state()))));
    return new Call<>(all, each.failures());
  }

  @Override
  public Call<Map<String, String>> create(NewSilence silence, Map<String, String> existing) {
    Call<Map<String, String>> each =
        onEach(
            endpoints,
            e ->
                request(e, "silences")
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(body(silence, existing.get(e.name())))),
            answer -> {
              String id = JSON.readTree(answer).path("silenceID").asText("");
              if (id.isEmpty()) {
                throw new IOException("its answer has no silenceID");
              }
              return id;
            });
    return each;
  }

  @Override
  public Call<List<String>> expire(Map<String, String> ids) {
    var chosen = endpoints.stream().filter(e -> ids.containsKey(e.name())).toList();
    var failures = new HashMap<String, String>();
    ids.keySet().stream()
        .filter(name -> chosen.stream().noneMatch(e -> e.name().equals(name)))
        .forEach(name -> failures.put(name, "is not configured any more"));
    Call<Map<String, String>> each =
        onEach(
            chosen,
            e ->
                request(
                        e,
                        "silence/" + URLEncoder.encode(ids.get(e.name()), StandardCharsets.UTF_8))
                    .DELETE(),
            answer -> "expired");
    failures.putAll(each.failures());
    var confirmed = new ArrayList<>(each.value().keySet());
    // a silence that is already expired (or gone) silences nothing: that is what was asked
    for (var it = failures.entrySet().iterator(); it.hasNext(); ) {
      var f = it.next();
      String why = f.getValue();
      if (why.contains("already expired") || why.startsWith("HTTP 404")) {
        confirmed.add(f.getKey());
        it.remove();
      }
    }
    return new Call<>(confirmed, failures);
  }

  /** What Alertmanager reads from {@code POST /api/v2/silences}. */
  static String body(NewSilence s, String id) {
    ObjectNode json = JSON.createObjectNode();
    if (id != null) {
      json.put("id", id);
    }
    ArrayNode matchers = json.putArray("matchers");
    for (LabelMatcher m : s.matchers()) {
      matchers
          .addObject()
          .put("name", m.name())
          .put("value", m.value())
          .put("isRegex", m.op().regex())
          .put("isEqual", m.op().equal());
    }
    json.put("startsAt", s.startsAt().toString());
    json.put("endsAt", s.endsAt().toString());
    json.put("createdBy", s.createdBy());
    json.put("comment", s.comment().isEmpty() ? "silenced from chat" : s.comment());
    return json.toString();
  }

  private static List<LiveAlert> alerts(String body) throws IOException {
    var list = new ArrayList<LiveAlert>();
    for (JsonNode a : array(body)) {
      var silencedBy = new ArrayList<String>();
      a.path("status").path("silencedBy").forEach(n -> silencedBy.add(n.asText()));
      list.add(
          new LiveAlert(
              a.path("fingerprint").asText(""),
              labels(a.path("labels")),
              a.path("status").path("state").asText(""),
              silencedBy));
    }
    return list;
  }

  private static List<ActiveSilence> silences(String body) throws IOException {
    var list = new ArrayList<ActiveSilence>();
    for (JsonNode s : array(body)) {
      var matchers = new ArrayList<LabelMatcher>();
      for (JsonNode m : s.path("matchers")) {
        boolean regex = m.path("isRegex").asBoolean(false);
        boolean equal = m.path("isEqual").asBoolean(true);
        LabelMatcher.Op op =
            regex
                ? (equal ? LabelMatcher.Op.REGEX : LabelMatcher.Op.NOT_REGEX)
                : (equal ? LabelMatcher.Op.EQUAL : LabelMatcher.Op.NOT_EQUAL);
        try {
          matchers.add(new LabelMatcher(m.path("name").asText(), op, m.path("value").asText()));
        } catch (RuntimeException badRegex) {
          // a regex Go accepts and Java does not: shown as an equality, never used to match
          matchers.add(
              new LabelMatcher(
                  m.path("name").asText(), LabelMatcher.Op.EQUAL, m.path("value").asText()));
        }
      }
      list.add(
          new ActiveSilence(
              "",
              s.path("id").asText(""),
              matchers,
              instant(s.path("startsAt").asText(null)),
              instant(s.path("endsAt").asText(null)),
              s.path("createdBy").asText(""),
              s.path("comment").asText(""),
              s.path("status").path("state").asText("")));
    }
    return list;
  }

  private static Iterable<JsonNode> array(String body) throws IOException {
    JsonNode root = JSON.readTree(body);
    if (root == null || !root.isArray()) {
      throw new IOException("its answer is not a JSON array");
    }
    return root;
  }

  private static Map<String, String> labels(JsonNode node) {
    var map = new LinkedHashMap<String, String>();
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      var e = fields.next();
      map.put(e.getKey(), e.getValue().asText());
    }
    return map;
  }

  private static Instant instant(String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static HttpRequest.Builder request(AlertmanagerEndpoint e, String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(e.api().resolve(path))
            .timeout(e.timeout())
            .header("Accept", "application/json");
    if (e.authorization() != null) {
      b.header("Authorization", e.authorization());
    }
    return b;
  }

  /** Reads one answer; IOException for an answer that does not say what it should. */
  private interface Reader<T> {
    T read(String body) throws IOException;
  }

  /**
   * Sends one request to each endpoint at once and reads the answers, each bounded by its
   * endpoint's timeout; a failure is one sentence under the endpoint's name.
   */
  private <T> Call<Map<String, T>> onEach(
      List<AlertmanagerEndpoint> chosen,
      Function<AlertmanagerEndpoint, HttpRequest.Builder> requests,
      Reader<T> reader) {
    var sent = new LinkedHashMap<AlertmanagerEndpoint, CompletableFuture<HttpResponse<String>>>();
    for (AlertmanagerEndpoint e : chosen) {
      sent.put(e, http.sendAsync(requests.apply(e).build(), HttpResponse.BodyHandlers.ofString()));
    }
    var values = new LinkedHashMap<String, T>();
    var failures = new LinkedHashMap<String, String>();
    long start = System.nanoTime();
    for (var entry : sent.entrySet()) {
      AlertmanagerEndpoint e = entry.getKey();
      long left = e.timeout().toNanos() - (System.nanoTime() - start);
      try {
        HttpResponse<String> answer = entry.getValue().get(Math.max(1, left), TimeUnit.NANOSECONDS);
        if (answer.statusCode() / 100 != 2) {
          failures.put(e.name(), status(answer));
          continue;
        }
        values.put(e.name(), reader.read(answer.body()));
      } catch (TimeoutException | HttpTimeoutException timeout) {
        entry.getValue().cancel(true);
        failures.put(e.name(), "no answer within " + Durations.format(e.timeout()));
      } catch (ExecutionException failed) {
        failures.put(e.name(), why(e, failed.getCause()));
      } catch (IOException unreadable) {
        failures.put(e.name(), "unreadable answer (" + unreadable.getMessage() + ")");
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        failures.put(e.name(), "interrupted while waiting for it");
      }
    }
    failures.forEach((name, why) -> log.warn("Alertmanager {}: {}", name, why));
    return new Call<>(values, failures);
  }

  private static String status(HttpResponse<String> answer) {
    String body = answer.body() == null ? "" : answer.body().strip().replace('\n', ' ');
    String hint =
        answer.statusCode() == 401 || answer.statusCode() == 403
            ? " (check its bearerToken or basicAuth)"
            : "";
    return "HTTP "
        + answer.statusCode()
        + hint
        + (body.isEmpty() ? "" : ": " + Ellipsis.cut(body, BODY_SHOWN));
  }

  private static String why(AlertmanagerEndpoint e, Throwable cause) {
    URI where = e.api().resolve("/");
    if (cause instanceof HttpTimeoutException) {
      return "no answer within " + Durations.format(e.timeout());
    }
    if (cause instanceof ConnectException) {
      return "connection refused at " + where.getHost() + ":" + port(where);
    }
    if (cause instanceof IOException) {
      return "no answer ("
          + cause.getClass().getSimpleName()
          + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
          + ")";
    }
    return "failed (" + cause + ")";
  }

  private static int port(URI uri) {
    return uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
  }
}
