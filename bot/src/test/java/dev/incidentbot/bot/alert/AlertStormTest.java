package dev.incidentbot.bot.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.testing.PrometheusText;
import dev.incidentbot.testing.RecordingOutbox;
import dev.incidentbot.testing.RedisExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Alert storm: 1,000 notifications across 50 groups")
class AlertStormTest {
  private static final int GROUPS = 50;
  private static final int PER_GROUP = 20;

  @RegisterExtension static final RedisExtension redis = new RedisExtension();

  private AlertBot bot;

  @AfterEach
  void stop() {
    if (bot != null) {
      bot.close();
    }
  }

  @Test
  @DisplayName("50 threads, each triaged once, every notification counted, chat calls bounded")
  void storm() throws Exception {
    bot =
        AlertBot.start(
            redis.server().url(),
            redis.server().url(),
            "jdbc:h2:mem:storm-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
            "",
            Duration.ofMillis(20)); // each chat call takes as long as a quick Discord REST call
    var bodies = new ArrayList<String>();
    for (int n = 0; n < PER_GROUP; n++) {
      for (int g = 0; g < GROUPS; g++) {
        bodies.add(StormPayloads.firing(g, n, "cache-a"));
      }
    }
    Collections.shuffle(bodies, new java.util.Random(7));

    long start = System.nanoTime();
    List<Integer> statuses = sendAll(bodies, 16);
    Duration sending = Duration.ofNanos(System.nanoTime() - start);

    assertThat(statuses).hasSize(GROUPS * PER_GROUP).containsOnly(202);
    var triages =
        bot.outbox.await(
            p -> p.reply().title().startsWith("Triage"), GROUPS, Duration.ofSeconds(60));
    bot.awaitIdle(Duration.ofSeconds(60));
    Duration total = Duration.ofNanos(System.nanoTime() - start);

    assertThat(bot.outbox.threads()).hasSize(GROUPS);
    assertThat(bot.outbox.threads().stream().map(t -> t.name()).distinct()).hasSize(GROUPS);
    assertThat(bot.outbox.inChannel(RecordingOutbox.ALERTS)).hasSize(GROUPS);
    Map<Object, Long> triagesPerThread =
        bot.outbox.posts().stream()
            .filter(p -> p.reply().title().startsWith("Triage"))
            .collect(Collectors.groupingBy(p -> p.place(), Collectors.counting()));
    assertThat(triagesPerThread)
        .hasSize(GROUPS)
        .allSatisfy((thread, count) -> assertThat(count).isEqualTo(1));
    assertThat(triages).hasSize(GROUPS);
    assertThat(bot.outbox.posts()).hasSize(2 * GROUPS); // alert message + triage, nothing more
    assertThat(bot.outbox.maxInFlight())
        .isLessThanOrEqualTo(bot.wiring.config().alerts().intake().workers());
    assertThat(sending).isLessThan(Duration.ofSeconds(60));
    assertThat(total).isLessThan(Duration.ofSeconds(60));

    // nothing dropped: every group counted all of its notifications
    var resolved = new ArrayList<String>();
    for (int g = 0; g < GROUPS; g++) {
      resolved.add(StormPayloads.resolved(g, "cache-a"));
    }
    assertThat(sendAll(resolved, 16)).containsOnly(202);
    var resolvedPosts =
        bot.outbox.await(
            p -> p.reply().title().startsWith("[RESOLVED]"), GROUPS, Duration.ofSeconds(60));
    assertThat(resolvedPosts)
        .allSatisfy(
            p ->
                assertThat(p.reply().text())
                    .contains("Notification #" + (PER_GROUP + 1) + " for this alert group."));
    PrometheusText metrics = PrometheusText.parse(bot.wiring.metrics().render());
    assertThat(
            metrics.value(
                "bot_alerts_received_total",
                "source",
                "alertmanager_webhook",
                "outcome",
                "accepted"))
        .isEqualTo(GROUPS * PER_GROUP + GROUPS);
    assertThat(metrics.value("bot_alert_triage_seconds_count")).isEqualTo(GROUPS);
  }

  private List<Integer> sendAll(List<String> bodies, int clients) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      var futures = new ArrayList<Future<HttpResponse<String>>>();
      for (String body : bodies) {
        futures.add(pool.submit(() -> bot.postWebhook(body)));
      }
      var statuses = new ArrayList<Integer>();
      for (var f : futures) {
        statuses.add(f.get().statusCode());
      }
      return statuses;
    } finally {
      pool.shutdownNow();
    }
  }
}
