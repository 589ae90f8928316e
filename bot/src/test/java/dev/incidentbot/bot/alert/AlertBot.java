package dev.incidentbot.bot.alert;

import dev.incidentbot.bot.Wiring;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.ConfigException;
import dev.incidentbot.bot.config.ConfigLoader;
import dev.incidentbot.bot.http.BotHttpServer;
import dev.incidentbot.testing.RecordingOutbox;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;

/**
 * The real bot wiring for alert tests: targets cache-a and cache-b at the given URLs, alert intake
 * with the test sender and token, the HTTP port on 127.0.0.1 and a free port, an in-memory H2
 * database (or the given JDBC URL), and a {@link RecordingOutbox} as the chat.
 */
final class AlertBot implements AutoCloseable {
  static final String TOKEN = "test-token-0123456789abcdef";

  final Wiring wiring;
  final RecordingOutbox outbox;
  final BotHttpServer http;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private AlertBot(Wiring wiring, RecordingOutbox outbox) {
    this.wiring = wiring;
    this.outbox = outbox;
    wiring.start(outbox);
    this.http = wiring.startHttp(List.of()).orElseThrow();
  }

  static AlertBot start(String cacheA, String cacheB) throws ConfigException {
    return start(
        cacheA,
        cacheB,
        "jdbc:h2:mem:alerts-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
        "",
        Duration.ZERO);
  }

  /**
   * @param extraAlerts YAML lines added under {@code alerts:} (indented by four spaces)
   */
  static AlertBot start(
      String cacheA, String cacheB, String storeUrl, String extraAlerts, Duration chatLatency)
      throws ConfigException {
    return start(cacheA, cacheB, storeUrl, extraAlerts, chatLatency, Clock.systemUTC());
  }

  static AlertBot start(
      String cacheA,
      String cacheB,
      String storeUrl,
      String extraAlerts,
      Duration chatLatency,
      Clock clock)
      throws ConfigException {
    return start(cacheA, cacheB, storeUrl, extraAlerts, clock, new RecordingOutbox(chatLatency));
  }

  /** A bot posting to {@code chat}: give a restarted bot the same chat to see it edit messages. */
  static AlertBot start(
      String cacheA,
      String cacheB,
      String storeUrl,
      String extraAlerts,
      Clock clock,
      RecordingOutbox chat)
      throws ConfigException {
    String yaml =
        """
        targets:
          - name: cache-a
            url: %s
            timeout: 500ms
          - name: cache-b
            url: %s
            timeout: 500ms
        store:
          url: "%s"
        alerts:
          senders: ["%s"]
          token: %s
        %s
        http:
          address: 127.0.0.1
          port: 0
        """
            .formatted(cacheA, cacheB, storeUrl, AlertFixtures.SENDER, TOKEN, extraAlerts);
    BotConfig config = new ConfigLoader(name -> null).parse("alert-test.yml", yaml);
    return new AlertBot(new Wiring(config, clock), chat);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + http.port() + path);
  }

  HttpResponse<String> postWebhook(String body) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(uri("/alerts/alertmanager"))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Waits until the intake has handled everything it took and no post has come for 0.1 s: the last
   * notification's posts finish just after it leaves the queue.
   */
  void awaitIdle(Duration timeout) {
    var postsSeen = new AtomicInteger(-1);
    Awaitility.await("intake handled everything it took, its posts done")
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(10))
        .during(Duration.ofMillis(100))
        .until(
            () -> {
              int posts = outbox.posts().size();
              return wiring.alertIntake().pending() == 0 && postsSeen.getAndSet(posts) == posts;
            });
  }

  @Override
  public void close() {
    wiring.close();
  }
}
