package dev.incidentbot.bot.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.chat.Actor;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.testing.PrometheusText;
import dev.incidentbot.testing.RedisExtension;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("/metrics from Micrometer: the bot's series with labels, JVM and process, valid text")
class MetricsScrapeTest {
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

  private Reply run(String command, Map<String, String> options) {
    var alice = Actor.person("u1", "alice", Set.of("operator"));
    return bot.wiring
        .router()
        .dispatch(
            new Request(command, options, alice, Place.channel("ops"), Instant.now()),
            Progress.NONE);
  }

  private HttpResponse<String> scrape() throws Exception {
    return bot.send(HttpRequest.newBuilder(bot.uri("/metrics")).build());
  }

  @Test
  @DisplayName("after alerts and commands: counters, triage histogram, queue, pools, JVM, process")
  void scrapeAfterTraffic() throws Exception {
    bot.postWebhook(AlertFixtures.webhook("redisdown-firing-1"));
    bot.postWebhook(AlertFixtures.webhook("redisdown-firing-1"));
    bot.outbox.await(p -> p.reply().title().startsWith("Triage"), 1, Duration.ofSeconds(10));
    run("redis health", Map.of("target", "cache-a"));
    run("redis health", Map.of("target", "cache-b"));
    run("confirm", Map.of("id", "no-such-confirmation"));

    var r = scrape();

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    PrometheusText text = PrometheusText.parse(r.body());
    for (String family : text.families()) {
      assertThat(text.help(family)).as("HELP of " + family).isPresent();
    }

    // the bot's own series, under the names they had before Micrometer
    assertThat(text.type("bot_alerts_received_total")).hasValue("counter");
    assertThat(
            text.value(
                "bot_alerts_received_total",
                "source",
                "alertmanager_webhook",
                "outcome",
                "accepted"))
        .isEqualTo(1);
    assertThat(
            text.value(
                "bot_alerts_received_total", "source", "alertmanager_webhook", "outcome", "retry"))
        .isEqualTo(1);
    assertThat(text.help("bot_alerts_received_total").orElseThrow())
        .startsWith("Alert notifications received");

    assertThat(text.type("bot_commands_total")).hasValue("counter");
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
    assertThat(
            text.value(
                "bot_commands_total",
                "command",
                "redis health",
                "outcome",
                "ok",
                "automated",
                "false"))
        .isEqualTo(2);
    assertThat(text.samples("bot_commands_total", "command", "confirm", "automated", "false"))
        .hasSize(1);
    assertThat(text.type("bot_actions_total")).hasValue("counter");
    assertThat(text.samples("bot_actions_total", "command", "confirm")).hasSize(1);
    assertThat(text.samples("bot_actions_total", "command", "redis health")).isEmpty();

    assertThat(text.type("bot_alert_triage_seconds")).hasValue("histogram");
    assertThat(text.value("bot_alert_triage_seconds_count")).isEqualTo(1);
    assertThat(text.value("bot_alert_triage_seconds_bucket", "le", "+Inf")).isEqualTo(1);
    assertThat(text.samples("bot_alert_triage_seconds_bucket")).hasSize(11);
    assertThat(text.value("bot_alert_triage_seconds_sum")).isPositive();

    assertThat(text.type("bot_alert_queue_pending")).hasValue("gauge");
    assertThat(text.samples("bot_alert_queue_pending")).hasSize(1);

    // the worker pools
    for (String pool : new String[] {"worker", "redis", "alert"}) {
      assertThat(text.samples("executor_pool_size_threads", "name", pool)).as(pool).hasSize(1);
      assertThat(text.samples("executor_completed_tasks_total", "name", pool)).as(pool).hasSize(1);
    }
    assertThat(text.samples("executor_completed_tasks_total", "name", "alert").get(0).value())
        .isPositive();

    // JVM and process
    assertThat(text.samples("jvm_memory_used_bytes", "area", "heap")).isNotEmpty();
    assertThat(text.samples("jvm_threads_live_threads")).hasSize(1);
    assertThat(text.samples("jvm_classes_loaded_classes")).hasSize(1);
    assertThat(text.type("jvm_gc_memory_allocated_bytes_total")).hasValue("counter");
    assertThat(text.samples("process_cpu_usage")).hasSize(1);
    assertThat(text.samples("system_cpu_count")).hasSize(1);
    assertThat(text.value("process_uptime_seconds")).isPositive();
    assertThat(text.value("process_start_time_seconds")).isPositive();
    assertThat(text.samples("process_files_open_files")).hasSize(1);
  }

  @Test
  @DisplayName("HEAD is answered like GET without a body; other methods are 405")
  void methods() throws Exception {
    var head =
        bot.send(
            HttpRequest.newBuilder(bot.uri("/metrics"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());
    var post =
        bot.send(
            HttpRequest.newBuilder(bot.uri("/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build());

    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(post.statusCode()).isEqualTo(405);
  }
}
