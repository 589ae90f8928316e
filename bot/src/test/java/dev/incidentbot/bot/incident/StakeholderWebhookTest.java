package dev.incidentbot.bot.incident;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpServer;
import dev.incidentbot.testing.MutableClock;
import dev.incidentbot.timeline.TimelineEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Stakeholder webhooks: generic JSON and Slack-compatible, against a local HTTP server")
class StakeholderWebhookTest {
  static final JsonMapper JSON = new JsonMapper();

  @TempDir Path dir;

  HttpServer server;
  final BlockingQueue<String> json = new LinkedBlockingQueue<>();
  final BlockingQueue<String> slack = new LinkedBlockingQueue<>();

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/json", ex -> take(ex, json, 204));
    server.createContext("/slack", ex -> take(ex, slack, 200));
    server.createContext("/broken", ex -> take(ex, new LinkedBlockingQueue<>(), 500));
    server.start();
  }

  private static void take(
      com.sun.net.httpserver.HttpExchange ex, BlockingQueue<String> into, int status)
      throws IOException {
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    into.add(type + "\n" + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    ex.sendResponseHeaders(status, -1);
    ex.close();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  @DisplayName("each update is POSTed to both; Slack's text cannot mention; a failure is noted")
  void delivered() throws Exception {
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    String incidents =
        """
        incidents:
          system: SmartBeak
          webhooks:
            - name: statuspage
              url: %s/json?token=secret
            - name: slack
              url: %s/slack
              format: slack
              timeout: 2s
            - name: broken
              url: %s/broken
        """
            .formatted(base, base, base);
    try (var bot =
        new ConsoleBot(
            ConsoleBot.config("redis://127.0.0.1:1", incidents),
            new MutableClock(Instant.parse("2026-02-02T10:00:00Z")),
            new ManualScheduler()::handledBy,
            dir)) {
      bot.type(
          "/incident declare title:Cache down <!channel> @everyone severity:P0 targets:cache"
              + " impact:Logins & posts fail\n");

      String[] first = poll(json).split("\n", 2);
      assertThat(first[0]).isEqualTo("application/json; charset=utf-8");
      JsonNode body = JSON.readTree(first[1]);
      assertThat(body.get("subject").asText())
          .isEqualTo("[INCIDENT] Redis Service Disruption - SmartBeak");
      assertThat(body.get("text").asText())
          .startsWith(
              "Subject: [INCIDENT] Redis Service Disruption - SmartBeak\n\nStatus:"
                  + " Investigating\nImpact: Logins & posts fail\n");
      assertThat(body.get("text").asText())
          .isEqualTo(
              bot.wiring.incidents().find("INC-1").orElseThrow().updates().get(0).rendered());
      assertThat(body.at("/incident/id").asText()).isEqualTo("INC-1");
      assertThat(body.at("/incident/severity").asText()).isEqualTo("P0");
      assertThat(body.at("/incident/startedAt").asText()).isEqualTo("2026-02-02T10:00:00Z");
      assertThat(body.at("/update/status").asText()).isEqualTo("Investigating");
      assertThat(body.at("/update/number").asInt()).isOne();

      String slackBody = poll(slack).split("\n", 2)[1];
      String text = JSON.readTree(slackBody).get("text").asText();
      assertThat(text)
          .startsWith("*[INCIDENT] Redis Service Disruption - SmartBeak*\n\nStatus: Investigating")
          .contains("Impact: Logins &amp; posts fail")
          .contains("We are investigating: Cache down &lt;!channel&gt; @everyone")
          .doesNotContain("<!channel>");

      bot.type("/incident update status:Identified\n");
      assertThat(JSON.readTree(poll(json).split("\n", 2)[1]).at("/update/number").asInt())
          .isEqualTo(2);

      Awaitility.await("both failures in the timeline")
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(20))
          .untilAsserted(
              () ->
                  assertThat(bot.wiring.incidents().events("INC-1"))
                      .filteredOn(e -> e.kind() == TimelineEvent.Kind.NOTE)
                      .extracting(TimelineEvent::text)
                      .containsExactly(
                          "Stakeholder webhook broken failed: HTTP 500",
                          "Stakeholder webhook broken failed: HTTP 500"));
    }
  }

  private static String poll(BlockingQueue<String> queue) throws InterruptedException {
    String s = queue.poll(5, TimeUnit.SECONDS);
    assertThat(s).as("a webhook delivery within 5 s").isNotNull();
    return s;
  }
}
