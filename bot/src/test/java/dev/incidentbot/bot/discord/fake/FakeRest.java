package dev.incidentbot.bot.discord.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The fake's REST API on the JDK's HttpServer: checks the bot token, reads JSON or multipart bodies
 * (payload_json plus files), asks {@link FakeRateLimiter} whether the call is admitted (a refused
 * one is answered 429 and changes nothing), and routes each admitted call to {@link FakeDiscord}.
 * Every answer of 400 and above but a 429 is recorded there as a rejection; 429s are recorded by
 * the limiter, and a call that ignored the rate-limit headers as a violation.
 */
final class FakeRest implements HttpHandler {
  static final String PREFIX = "/api/v10/";

  /** An answer: HTTP status and JSON body (null for 204). */
  record Answer(int status, JsonNode body) {
    static Answer ok(JsonNode body) {
      return new Answer(200, body);
    }

    static Answer noContent() {
      return new Answer(204, null);
    }

    static Answer error(int status, int code, String message) {
      return new Answer(status, Json.object().put("code", code).put("message", message));
    }
  }

  /** A request body: the JSON and the uploaded files by file name, in order. */
  record Body(JsonNode json, Map<String, byte[]> files) {}

  private static final Set<String> WORDS =
      Set.of(
          "users",
          "@me",
          "gateway",
          "bot",
          "applications",
          "guilds",
          "commands",
          "interactions",
          "callback",
          "webhooks",
          "messages",
          "channels",
          "threads");

  private final FakeDiscord discord;

  FakeRest(FakeDiscord discord) {
    this.discord = discord;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      Answer answer;
      Map<String, String> headers = Map.of();
      if (!("Bot " + discord.token())
          .equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        answer = Answer.error(401, 0, "401: Unauthorized");
      } else if (!path.startsWith(PREFIX)) {
        answer = Answer.error(404, 0, "404: Not Found");
      } else {
        Body body = body(exchange);
        String[] p = path.substring(PREFIX.length()).split("/");
        hold(discord.delayOf(method + " " + shape(p)));
        FakeRateLimiter.Decision decision =
            discord.rateLimiter().admit(method, shape(p), p, client(exchange));
        if (decision.violation() != null) {
          discord.api().violation(decision.violation());
        }
        headers = decision.headers();
        answer = decision.refusal() != null ? decision.refusal() : route(method, p, body);
        if (answer.status() < 300) {
          discord.holdAnswer(method + " " + shape(p), p.length > 1 ? p[1] : null);
        }
      }
      if (answer.status() >= 400 && answer.status() != 429) {
        discord.api().recordRejection(method, path, answer);
      }
      headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
      send(exchange, answer);
    } catch (RuntimeException e) {
      discord.api().violation("the fake Discord failed on " + exchange.getRequestURI() + ": " + e);
      throw e;
    }
  }

  private Answer route(String method, String[] p, Body body) {
    String route = method + " " + shape(p);
    return switch (route) {
      case "GET users/@me" -> Answer.ok(discord.guild().botUser());
      case "GET gateway", "GET gateway/bot" -> Answer.ok(discord.gatewayInfo());
      case "PUT applications/*/guilds/*/commands" ->
          discord.api().registerCommands(p[3], body.json());
      case "GET applications/*/guilds/*/commands" -> Answer.ok(discord.api().commandsJson());
      case "POST interactions/*/*/callback" -> discord.api().callback(p[1], p[2], body);
      case "POST webhooks/*/*" -> discord.api().followUp(p[2], body);
      case "PATCH webhooks/*/*/messages/*" -> discord.api().editWebhookMessage(p[2], p[4], body);
      case "GET webhooks/*/*/messages/*" -> discord.api().getWebhookMessage(p[2], p[4]);
      case "DELETE webhooks/*/*/messages/*" -> discord.api().deleteWebhookMessage(p[2], p[4]);
      case "GET channels/*" -> discord.api().getChannel(p[1]);
      case "POST channels/*/messages" -> discord.api().channelMessage(p[1], body);
      case "PATCH channels/*/messages/*" -> discord.api().editChannelMessage(p[1], p[3], body);
      case "GET channels/*/messages/*" -> discord.api().getChannelMessage(p[1], p[3]);
      case "POST channels/*/messages/*/threads" ->
          discord.api().threadFromMessage(p[1], p[3], body.json());
      default -> {
        discord
            .api()
            .violation(
                "the bot called "
                    + method
                    + " "
                    + String.join("/", p)
                    + ", which the fake Discord does not serve");
        yield Answer.error(404, 0, "404: Not Found");
      }
    };
  }

  /** A test's delay for this route ({@link FakeDiscord#delay}): the call arrives later. */
  private static void hold(java.time.Duration delay) {
    if (delay.isZero()) {
      return;
    }
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String client(HttpExchange exchange) {
    String agent = exchange.getRequestHeaders().getFirst("User-Agent");
    return agent == null ? "a client without User-Agent" : agent;
  }

  /** The path with ids and tokens replaced by an asterisk, as in the route table. */
  private static String shape(String[] p) {
    var sb = new StringBuilder();
    for (int i = 0; i < p.length; i++) {
      sb.append(i == 0 ? "" : "/").append(WORDS.contains(p[i]) ? p[i] : "*");
    }
    return sb.toString();
  }

  private static Body body(HttpExchange exchange) throws IOException {
    byte[] bytes = exchange.getRequestBody().readAllBytes();
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    var files = new LinkedHashMap<String, byte[]>();
    if (type != null && type.startsWith("multipart/form-data")) {
      JsonNode json = Json.object();
      for (Multipart.Part part : Multipart.parse(type, bytes)) {
        if (part.name().equals("payload_json")) {
          json = Json.parse(part.content());
        } else if (part.fileName() != null) {
          files.put(part.fileName(), part.content());
        }
      }
      return new Body(json, files);
    }
    return new Body(Json.parse(bytes), files);
  }

  private static void send(HttpExchange exchange, Answer answer) throws IOException {
    if (answer.body() == null) {
      exchange.sendResponseHeaders(answer.status(), -1);
      return;
    }
    byte[] out = Json.write(answer.body()).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(answer.status(), out.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(out);
    }
  }
}
