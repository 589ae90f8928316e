package dev.incidentbot.bot.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.incidentbot.alert.AlertInbox;
import dev.incidentbot.alert.AlertIntake;
import dev.incidentbot.alert.AlertMetrics;
import dev.incidentbot.alert.AlertResponder;
import dev.incidentbot.alert.AlertSettings;
import dev.incidentbot.bot.Wiring;
import dev.incidentbot.bot.config.ConfigLoader;
import dev.incidentbot.bot.config.HttpSettings;
import dev.incidentbot.bot.metrics.BotMetrics;
import dev.incidentbot.bot.store.StoreException;
import dev.incidentbot.testing.PostgresServer;
import dev.incidentbot.testing.PrometheusText;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.LongPredicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, defect 9: during a database outage the webhook sent an empty reply instead of 503. An
 * endpoint whose dependency throws must answer JSON: 503 with Retry-After when the bot's database
 * failed (Alertmanager retries), else 500; never an empty reply or a reset.
 */
@DisplayName("An endpoint that fails answers JSON: 503 + Retry-After for the database, else 500")
class EndpointFailuresTest {
  private static final String TOKEN = "failures-token-0123456789";
  private static String payload;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeAll
  static void load() throws Exception {
    try (InputStream in =
        EndpointFailuresTest.class.getResourceAsStream(
            "/alerts/alertmanager/webhook/redisdown-firing-1.json")) {
      payload = new String(in.readAllBytes());
    }
  }

  @Test
  @DisplayName("the alert store throws StoreException: 503 with Retry-After and a JSON reason")
  void storeFails() throws Exception {
    try (var metrics = new BotMetrics();
        var server =
            start(
                () -> {
                  throw new StoreException(
                      "record an alert delivery", new SQLException("Connection refused"));
                },
                metrics)) {
      HttpResponse<String> r = postWebhook(server.port());

      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.headers().firstValue("Retry-After")).hasValue("5");
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(r.body())
          .contains("\"error\"")
          .contains("the bot's database failed (Connection refused)");
    }
  }

  @Test
  @DisplayName("anything else thrown: 500 with a JSON error, and the port goes on serving")
  void bugFails() throws Exception {
    try (var metrics = new BotMetrics();
        var server =
            start(
                () -> {
                  throw new IllegalStateException("a bug");
                },
                metrics)) {
      HttpResponse<String> r = postWebhook(server.port());
      HttpResponse<String> health =
          client.send(
              HttpRequest.newBuilder(uri(server.port(), "/healthz")).build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(r.statusCode()).isEqualTo(500);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(r.body()).isEqualTo("{\"error\":\"internal error; see the bot's log\"}");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(PrometheusText.parse(metrics.render()).value("bot_errors_total", "where", "http"))
          .isEqualTo(1);
    }
  }

  @Test
  @DisplayName(
      "PostgreSQL stopped under a running bot: the webhook answers 503 with Retry-After, /healthz"
          + " 503 naming the database")
  void databaseOutage() throws Exception {
    PostgresServer pg = PostgresServer.start();
    Wiring wiring;
    try {
      String yaml =
          """
          targets:
            - name: cache
              url: redis://127.0.0.1:1
          store:
            url: "%s"
            user: %s
          alerts:
            token: %s
          http:
            address: 127.0.0.1
            port: 0
          """
              .formatted(pg.createDatabase("outage"), PostgresServer.USER, TOKEN);
      wiring =
          new Wiring(new ConfigLoader(name -> null).parse("outage.yml", yaml), Clock.systemUTC());
    } catch (RuntimeException | Error e) {
      pg.close();
      throw e;
    }
    try (wiring;
        var server =
            BotHttpServer.start(
                new HttpSettings("127.0.0.1", 0),
                Optional.of(TOKEN),
                wiring.alertIntake(),
                List.of(new HealthProbe("database", wiring.database()::reachable)),
                wiring.metrics())) {
      pg.close();

      HttpResponse<String> r = postWebhook(server.port());
      HttpResponse<String> health =
          client.send(
              HttpRequest.newBuilder(uri(server.port(), "/healthz")).build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.headers().firstValue("Retry-After")).isPresent();
      assertThat(r.body()).contains("the bot's database failed").contains("Nothing was accepted");
      assertThat(health.statusCode()).isEqualTo(503);
      assertThat(health.body()).contains("\"database\":\"down\"");
    }
  }

  /** The real server and intake, on an alert store that throws what {@code failure} gives. */
  private static BotHttpServer start(Supplier<RuntimeException> failure, BotMetrics metrics) {
    AlertInbox broken =
        new AlertInbox() {
          @Override
          public OptionalLong store(
              AlertIntake.Delivery delivery, Instant now, Duration retryWindow) {
            throw failure.get();
          }

          @Override
          public boolean holds(long id, Instant now) {
            throw failure.get();
          }

          @Override
          public void handled(long id, Instant now) {
            throw failure.get();
          }

          @Override
          public List<Entry> claim(Instant now, boolean startUp, int limit, LongPredicate skip) {
            throw failure.get();
          }

          @Override
          public void maintain(Instant now) {
            throw failure.get();
          }
        };
    // the responder only summarises here: nothing reaches it when the inbox fails
    AlertResponder responder = mock(AlertResponder.class);
    when(responder.summarised(any(), anyInt())).thenAnswer(call -> call.getArgument(0));
    var intake =
        new AlertIntake(
            broken,
            responder,
            AlertSettings.defaults(),
            Clock.systemUTC(),
            AlertMetrics.NONE,
            Runnable::run);
    return BotHttpServer.start(
        new HttpSettings("127.0.0.1", 0),
        Optional.of(TOKEN),
        intake,
        List.of(new HealthProbe("database", () -> true)),
        metrics);
  }

  private HttpResponse<String> postWebhook(int port) throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri(port, "/alerts/alertmanager"))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(payload))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}
