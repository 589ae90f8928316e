package dev.incidentbot.bot.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.testing.RecordingOutbox;
import dev.incidentbot.testing.RedisExtension;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An alert group of 5,000 alerts, as Alertmanager sends it (every alert with its labels,
 * annotations, generator URL and fingerprint: about 3 MiB): accepted, summarised in chat ("and
 * 4,990 more"), and triaged on every target its alerts map to, including the one only the last
 * alert names. It used to be refused with a 400, which Alertmanager never retries.
 */
@DisplayName("Alert groups of thousands of alerts: accepted, summarised, every target triaged")
class AlertLargeGroupTest {
  private static final int ALERTS = 5_000;

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

  @Test
  @DisplayName("5,000 alerts in one notification: 202, listed as the first ten and 4,990 more")
  void fiveThousand() throws Exception {
    String body = payload(ALERTS);
    assertThat(body.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(1024 * 1024);

    HttpResponse<String> r = bot.postWebhook(body);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    assertThat(r.body()).contains("accepted");
    var triage =
        bot.outbox
            .await(p -> p.reply().title().startsWith("Triage"), 1, Duration.ofSeconds(20))
            .get(0);
    var message = bot.outbox.inChannel(RecordingOutbox.ALERTS).get(0).reply();
    assertThat(message.title()).startsWith("[FIRING:5000] RedisReplicaLag");
    assertThat(message.text()).contains("… and 4,990 more");
    assertThat(triage.reply().title() + triage.reply().text())
        .contains("cache-a")
        .contains("cache-b");
    assertThat(bot.postWebhook(body).body()).as("the same delivery again").contains("retry");
  }

  /** A firing group of {@code alerts} replicas lagging; only the last alert is on cache-b. */
  static String payload(int alerts) {
    var list = new StringBuilder();
    Instant start = Instant.parse("2026-11-22T02:08:01.884Z");
    for (int i = 0; i < alerts; i++) {
      String target = i == alerts - 1 ? "cache-b" : "cache-a";
      String instance = "10.1." + (i / 250) + "." + (i % 250) + ":9121";
      list.append(i > 0 ? "," : "")
          .append(
              """
              {"status":"firing","labels":{"alertname":"RedisReplicaLag","env":"prod",\
              "instance":"%1$s","job":"redis-exporter","redis_target":"%2$s","service":"orders",\
              "severity":"warning","shard":"shard-%3$d"},"annotations":{"description":\
              "Replica %1$s lags its primary by more than 1 s for 5 minutes.",\
              "summary":"Redis replica lag high on %1$s"},"startsAt":"%4$s",\
              "endsAt":"0001-01-01T00:00:00Z","generatorURL":\
              "http://prometheus-0.monitoring.svc:9090/graph?g0.expr=redis_connected_slave_lag_seconds+%%3E+1\\u0026g0.tab=1",\
              "fingerprint":"%5$016x"}"""
                  .formatted(instance, target, i % 16, start.plusMillis(i), 0xabc000L + i));
    }
    return """
        {"receiver":"team","status":"firing","alerts":[%s],\
        "groupLabels":{"alertname":"RedisReplicaLag"},\
        "commonLabels":{"alertname":"RedisReplicaLag","env":"prod","job":"redis-exporter",\
        "service":"orders","severity":"warning"},"commonAnnotations":{},\
        "externalURL":"http://alertmanager-0.monitoring.svc:9093","version":"4",\
        "groupKey":"{}:{alertname=\\"RedisReplicaLag\\"}","truncatedAlerts":0}"""
        .formatted(list);
  }
}
