package dev.incidentbot.bot.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.incidentbot.testing.PrometheusText;
import dev.incidentbot.testing.RecordingOutbox;
import dev.incidentbot.testing.RedisExtension;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("HTTP port: Alertmanager webhook auth, limits and bad JSON; /healthz; /metrics")
class AlertmanagerWebhookTest {
  @RegisterExtension static final RedisExtension redis = new RedisExtension();

  private AlertBot bot;

  @BeforeEach
  void start() throws Exception {
    bot = AlertBot.start(redis.server().url(), redis.server().url());
  }

  @AfterEach
  void stop() {
    bot.close();
  }

  private HttpRequest.Builder webhook() {
    return HttpRequest.newBuilder(bot.uri("/alerts/alertmanager"))
        .header("Content-Type", "application/json");
  }

  @Test
  @DisplayName("no token or a wrong one: 401, and nothing is posted")
  void unauthorized() throws Exception {
    String body = AlertFixtures.webhook("redisdown-firing-1");
    var none = bot.send(webhook().POST(HttpRequest.BodyPublishers.ofString(body)).build());
    var wrong =
        bot.send(
            webhook()
                .header("Authorization", "Bearer not-the-token-at-all")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    var basic =
        bot.send(
            webhook()
                .header("Authorization", "Basic " + AlertBot.TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(basic.statusCode()).isEqualTo(401);
    bot.outbox.assertPostsStay(0, Duration.ofMillis(200));
  }

  @Test
  @DisplayName("malformed JSON and wrong payloads: 400 with the reason")
  void badJson() throws Exception {
    assertThat(bot.postWebhook("{\"version\": \"4\", "))
        .satisfies(
            r -> {
              assertThat(r.statusCode()).isEqualTo(400);
              assertThat(r.body()).contains("not valid JSON");
            });
    assertThat(bot.postWebhook("[1, 2]").body()).contains("expected a JSON object");
    assertThat(bot.postWebhook("{\"version\":\"3\"}").body()).contains("only payload version 4");
    String noKey = AlertFixtures.webhook("redisdown-firing-1").replace("\"groupKey\"", "\"gk\"");
    assertThat(bot.postWebhook(noKey).body()).contains("groupKey: is required");
    String badStatus =
        AlertFixtures.webhook("redisdown-firing-1")
            .replace("\"status\":\"firing\"", "\"status\":\"on fire\"");
    assertThat(bot.postWebhook(badStatus))
        .satisfies(
            r -> {
              assertThat(r.statusCode()).isEqualTo(400);
              assertThat(r.body()).contains("status").contains("on fire");
            });
    bot.outbox.assertPostsStay(0, Duration.ofMillis(200));
  }

  @Test
  @DisplayName("a body over 16 MiB: 413, whether or not it says its length")
  void tooLarge() throws Exception {
    char[] pad = new char[16 * 1024 * 1024 + 10];
    Arrays.fill(pad, ' ');
    String big = "{" + new String(pad) + "}";
    var withLength = bot.postWebhook(big);
    var chunked =
        bot.send(
            webhook()
                .header("Authorization", "Bearer " + AlertBot.TOKEN)
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(big.getBytes())))
                .build());

    assertThat(withLength.statusCode()).isEqualTo(413);
    assertThat(chunked.statusCode()).isEqualTo(413);
  }

  @Test
  @DisplayName("a real notification: 202; its retry: 202 again but no second message or triage")
  void acceptedOnceThenRetry() throws Exception {
    String body = AlertFixtures.webhook("redisdown-firing-1");
    HttpResponse<String> first = bot.postWebhook(body);
    HttpResponse<String> retry = bot.postWebhook(body);

    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(first.body()).contains("accepted");
    assertThat(retry.statusCode()).isEqualTo(202);
    assertThat(retry.body()).contains("retry");
    bot.outbox.await(p -> p.reply().title().startsWith("Triage"), 1, Duration.ofSeconds(5));
    bot.outbox.assertPostsStay(2, Duration.ofMillis(300));
    assertThat(bot.outbox.threads()).hasSize(1);
    assertThat(bot.outbox.inChannel(RecordingOutbox.ALERTS)).hasSize(1);
  }

  @Test
  @DisplayName("GET on the webhook: 405; unknown path: 404")
  void methodsAndPaths() throws Exception {
    assertThat(bot.send(webhook().GET().build()).statusCode()).isEqualTo(405);
    assertThat(bot.send(HttpRequest.newBuilder(bot.uri("/nope")).build()).statusCode())
        .isEqualTo(404);
    assertThat(bot.send(HttpRequest.newBuilder(bot.uri("/healthz/x")).build()).statusCode())
        .isEqualTo(404);
  }

  @Test
  @DisplayName("/healthz: 200 with the database up, as JSON")
  void healthz() throws Exception {
    var r = bot.send(HttpRequest.newBuilder(bot.uri("/healthz")).build());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(r.body())
        .contains("\"status\":\"ok\"")
        .contains("\"database\":\"up\"")
        .contains("\"scheduler\":\"up\"");
  }

  @Test
  @DisplayName("/metrics: Prometheus text with alerts received, triage latency and commands")
  void metrics() throws Exception {
    bot.postWebhook(AlertFixtures.webhook("redisdown-firing-1"));
    bot.postWebhook(AlertFixtures.webhook("redisdown-firing-1"));
    bot.outbox.await(p -> p.reply().title().startsWith("Triage"), 1, Duration.ofSeconds(5));

    // the triage latency is recorded once the triage is posted: the outbox may see it first
    var r =
        await()
            .atMost(Duration.ofSeconds(5))
            .ignoreExceptions()
            .until(
                () -> bot.send(HttpRequest.newBuilder(bot.uri("/metrics")).build()),
                m -> PrometheusText.parse(m.body()).value("bot_alert_triage_seconds_count") == 1);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    var text = PrometheusText.parse(r.body());
    String received = "bot_alerts_received_total";
    assertThat(text.type(received)).hasValue("counter");
    assertThat(text.value(received, "source", "alertmanager_webhook", "outcome", "accepted"))
        .isEqualTo(1);
    assertThat(text.value(received, "source", "alertmanager_webhook", "outcome", "retry"))
        .isEqualTo(1);
    assertThat(text.type("bot_alert_triage_seconds")).hasValue("histogram");
    assertThat(text.value("bot_alert_triage_seconds_count")).isEqualTo(1);
    assertThat(
            text.value(
                "bot_commands_total",
                "command",
                "alert triage",
                "outcome",
                "ok",
                "automated",
                "true"))
        .isEqualTo(1);
    assertThat(text.type("bot_alert_queue_pending")).hasValue("gauge");
  }
}
