package dev.incidentbot.bot.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.testing.PostgresServer;
import dev.incidentbot.testing.PrometheusText;
import dev.incidentbot.testing.RedisExtension;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The bot's database stops answering: a notification that cannot be stored in the alert inbox is
 * not accepted. The webhook answers 503 with Retry-After and the cause, so Alertmanager retries,
 * and nothing is posted for it.
 */
@DisplayName("Alert inbox: the database refuses the insert, the webhook answers 503")
class AlertInboxUnavailableTest {
  @RegisterExtension static final RedisExtension redis = new RedisExtension();

  @Test
  @DisplayName("PostgreSQL stopped: 503, Retry-After, the cause named, nothing accepted; back: 202")
  void databaseDown() throws Exception {
    try (PostgresServer pg = PostgresServer.start()) {
      databaseDown(pg);
    }
  }

  private void databaseDown(PostgresServer pg) throws Exception {
    String url = pg.createDatabase("inbox") + "?user=" + PostgresServer.USER + "&connectTimeout=2";
    try (AlertBot bot =
        AlertBot.start(redis.server().url(), redis.server().url(), url, "", Duration.ZERO)) {
      // given one notification accepted and handled while the database is up
      assertThat(bot.postWebhook(AlertFixtures.webhook("redisdown-firing-1")).statusCode())
          .isEqualTo(202);
      bot.outbox.await(p -> p.reply().title().startsWith("Triage"), 1, Duration.ofSeconds(10));
      int posts = bot.outbox.posts().size();

      // when the database goes away
      pg.stop();
      HttpResponse<String> refused = bot.postWebhook(AlertFixtures.webhook("memoryhigh-firing"));

      // then the notification is refused with a reason Alertmanager retries on
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
      // the first statement meets either the closed connection or the refused reconnect
      assertThat(refused.body())
          .contains("Could not store the Alertmanager notification: the bot's database failed (")
          .containsPattern("refused|terminating connection|I/O error")
          .contains("Alertmanager retries");
      bot.outbox.assertPostsStay(posts, Duration.ofMillis(500));
      var metrics =
          PrometheusText.parse(
              bot.send(HttpRequest.newBuilder(bot.uri("/metrics")).build()).body());
      String received = "bot_alerts_received_total";
      assertThat(metrics.value(received, "source", "alertmanager_webhook", "outcome", "accepted"))
          .isEqualTo(1);
      assertThat(
              metrics.value(received, "source", "alertmanager_webhook", "outcome", "unavailable"))
          .isEqualTo(1);

      // and Alertmanager's retry, once the database is back, is accepted and handled
      pg.startAgain();
      HttpResponse<String> retried = bot.postWebhook(AlertFixtures.webhook("memoryhigh-firing"));
      assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
      assertThat(retried.body()).contains("accepted");
      bot.outbox.await(p -> p.reply().title().startsWith("Triage"), 2, Duration.ofSeconds(20));
    }
  }
}
