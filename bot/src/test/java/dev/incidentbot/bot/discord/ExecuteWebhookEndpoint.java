package dev.incidentbot.bot.discord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.incidentbot.bot.discord.fake.FakeDiscord;
import dev.incidentbot.bot.discord.fake.FakeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Discord's execute-webhook endpoint ({@code POST /api/webhooks/<id>/<token>}) in front of a {@link
 * FakeDiscord}, for senders outside the JVM such as Alertmanager's {@code discord_configs}. The
 * fake's REST API serves only the bot's token; this endpoint takes the fake's alert webhook ({@link
 * FakeDiscord#alertWebhookId()}) with its own secret token, and delivers each body as that
 * webhook's message in one channel ({@link FakeDiscord#postWebhookMessage}), so the bot receives it
 * over the gateway as it would from Discord.
 *
 * <p>Answers as Discord does: 204 without {@code ?wait=true}, 200 with the message with it; 401 for
 * a wrong token, 404 for another webhook, 400 for a body without content or embeds. Listens on
 * 127.0.0.1 and a free port; close it to stop.
 */
final class ExecuteWebhookEndpoint implements AutoCloseable {
  private static final JsonMapper JSON = new JsonMapper();
  private static final int MAX_BODY = 1024 * 1024;

  private final FakeDiscord discord;
  private final String channel;
  private final String token = UUID.randomUUID().toString();
  private final HttpServer http;
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final List<FakeMessage> posted = new CopyOnWriteArrayList<>();

  private ExecuteWebhookEndpoint(FakeDiscord discord, String channel) throws IOException {
    this.discord = discord;
    this.channel = channel;
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/api/webhooks/", this::handle);
    http.setExecutor(pool);
    http.start();
  }

  /** Starts the endpoint for the fake's alert webhook, posting in {@code channel} ("alerts"). */
  static ExecuteWebhookEndpoint start(FakeDiscord discord, String channel) {
    try {
      return new ExecuteWebhookEndpoint(discord, channel);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the execute-webhook endpoint", e);
    }
  }

  /** The webhook's URL, as Discord shows it when the webhook is created. */
  String url() {
    return "http://127.0.0.1:"
        + http.getAddress().getPort()
        + "/api/webhooks/"
        + discord.alertWebhookId()
        + "/"
        + token;
  }

  /** Every message delivered so far, oldest first. */
  List<FakeMessage> posted() {
    return List.copyOf(posted);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String[] path = exchange.getRequestURI().getPath().split("/");
      // "", "api", "webhooks", id, token
      if (!"POST".equals(exchange.getRequestMethod()) || path.length != 5) {
        answer(exchange, 405, error(0, "405: Method Not Allowed"));
        return;
      }
      if (!path[3].equals(discord.alertWebhookId())) {
        answer(exchange, 404, error(10015, "Unknown Webhook"));
        return;
      }
      if (!path[4].equals(token)) {
        answer(exchange, 401, error(50027, "Invalid Webhook Token"));
        return;
      }
      JsonNode body;
      try {
        body = JSON.readTree(exchange.getRequestBody().readNBytes(MAX_BODY));
      } catch (IOException e) {
        answer(exchange, 400, error(50109, "The request body contains invalid JSON."));
        return;
      }
      String content = body == null ? "" : body.path("content").asText("");
      var embeds = new ArrayList<ObjectNode>();
      if (body != null) {
        body.path("embeds").forEach(e -> embeds.add((ObjectNode) e));
      }
      if (content.isEmpty() && embeds.isEmpty()) {
        answer(exchange, 400, error(50006, "Cannot send an empty message"));
        return;
      }
      FakeMessage message =
          discord.postWebhookMessage(channel, content, embeds.toArray(ObjectNode[]::new));
      posted.add(message);
      if ("wait=true".equals(exchange.getRequestURI().getQuery())) {
        answer(exchange, 200, message.json());
      } else {
        exchange.sendResponseHeaders(204, -1);
      }
    }
  }

  private static JsonNode error(int code, String message) {
    return JSON.createObjectNode().put("code", code).put("message", message);
  }

  private static void answer(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    http.stop(0);
    pool.shutdownNow();
  }
}
