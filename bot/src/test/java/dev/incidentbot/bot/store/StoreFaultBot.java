package dev.incidentbot.bot.store;

import dev.incidentbot.bot.Wiring;
import dev.incidentbot.bot.alert.StormPayloads;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.ConfigLoader;
import dev.incidentbot.bot.console.ConsoleChat;
import dev.incidentbot.bot.http.BotHttpServer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The bot as {@code Main} runs it in console mode, on a given database, with its HTTP port open:
 * for storage fault tests that type commands, ask {@code /healthz} and post alerts while the
 * database fails under them.
 */
final class StoreFaultBot implements AutoCloseable {
  static final String TOKEN = "store-test-token-0123456789";

  private final Wiring wiring;
  private final ConsoleChat console;
  private final BotHttpServer http;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private int notification;

  StoreFaultBot(String storeUrl, String user, Path files) throws Exception {
    String yaml =
        """
        targets:
          - name: cache
            url: redis://127.0.0.1:1
            timeout: 300ms
        console:
          users:
            - name: alice
              roles: [viewer, operator, commander]
        store:
          url: "%s"
        %s
        alerts:
          senders: ["123456789012345678"]
          token: %s
        http:
          address: 127.0.0.1
          port: 0
        """
            .formatted(storeUrl, user == null ? "" : "  user: " + user, TOKEN);
    BotConfig config = new ConfigLoader(name -> null).parse("store-fault-test.yml", yaml);
    this.wiring = new Wiring(config, Clock.systemUTC());
    this.console =
        new ConsoleChat(
            wiring.router(),
            wiring.components(),
            config.consoleUsers(),
            new PrintStream(printed, true, StandardCharsets.UTF_8),
            Clock.systemUTC(),
            wiring.workers(),
            files);
    wiring.start(console);
    this.http = wiring.startHttp(List.of()).orElseThrow();
  }

  /** Types {@code line} at the console and returns what the bot printed in answer. */
  String type(String line) throws Exception {
    int from = printed.size();
    console.run(new BufferedReader(new StringReader(line + "\n")));
    byte[] all = printed.toByteArray();
    return new String(all, from, all.length - from, StandardCharsets.UTF_8);
  }

  HttpResponse<String> healthz() throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri("/healthz")).timeout(Duration.ofSeconds(15)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Posts a new firing notification (never a retry) to the Alertmanager webhook. */
  HttpResponse<String> postAlert() throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri("/alerts/alertmanager"))
            .timeout(Duration.ofSeconds(15))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    StormPayloads.firing(1, ++notification, "cache")))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + http.port() + path);
  }

  @Override
  public void close() {
    wiring.close();
  }
}
