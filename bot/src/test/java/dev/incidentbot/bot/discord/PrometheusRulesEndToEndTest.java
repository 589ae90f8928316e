package dev.incidentbot.bot.discord;

import static dev.incidentbot.testing.TargetsYaml.target;
import static dev.incidentbot.testing.TargetsYaml.targets;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.incidentbot.bot.discord.fake.FakeDiscordExtension;
import dev.incidentbot.bot.discord.fake.FakeMessage;
import dev.incidentbot.bot.http.BotHttpServer;
import dev.incidentbot.testing.AlertmanagerServer;
import dev.incidentbot.testing.PrometheusRules;
import dev.incidentbot.testing.PrometheusServer;
import dev.incidentbot.testing.RedisExporterServer;
import dev.incidentbot.testing.RedisServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The shipped alert rules used once for real: a real {@code redis-server}, Debian's redis_exporter
 * scraping it, Debian's Prometheus evaluating {@code docs/prometheus/redis-incident-bot.rules.yml}
 * (a copy whose {@code for:} durations are 2 s, everything else as shipped) and sending alerts to a
 * real Alertmanager, which notifies the bot's webhook (real JDA, the fake Discord). A healthy
 * server raises nothing; killing it opens exactly one triaged thread naming the target, and its
 * restart resolves the alert in that thread.
 */
@DisplayName(
    "Shipped rules end to end: redis-server → redis_exporter → Prometheus → Alertmanager → the bot")
class PrometheusRulesEndToEndTest {
  private static final String TOKEN = "prom-rules-token-0123456789abcdef";

  /** A loaded machine: scrapes, evaluations and notifications are each 1 s apart at best. */
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** The {@code for:} every rule gets in the test copy (1 m and more as shipped). */
  private static final String FOR = "2s";

  static final RedisServer orders = RedisServer.start();
  private static BotHttpServer http;
  private static AlertmanagerServer alertmanager;
  private static RedisExporterServer exporter;
  private static PrometheusServer prometheus;

  @RegisterExtension
  static final FakeDiscordExtension discord =
      FakeDiscordExtension.withTargets(
              () ->
                  targets(target("orders-cache", orders.url(), "timeout: 500ms"))
                      + "alerts:\n"
                      + "  token: "
                      + TOKEN
                      + "\n"
                      + "http:\n  port: 0\n")
          .build();

  private static final AlertWait waits =
      new AlertWait(
          discord,
          WAIT,
          () ->
              "\nPrometheus's alerts: "
                  + prometheus.alerts()
                  + "\nPrometheus's log:\n"
                  + prometheus.log()
                  + "\nAlertmanager's log:\n"
                  + alertmanager.log());

  @BeforeAll
  static void startStack() throws IOException {
    http = discord.wiring().startHttp(List.of(discord.bot().connectedProbe())).orElseThrow();
    alertmanager =
        AlertmanagerServer.builder()
            .webhook("bot", "http://127.0.0.1:" + http.port() + "/alerts/alertmanager", TOKEN)
            .start();
    try (var redis = orders.client()) {
      // a queue for the exporter's -check-keys (redis_key_size) and an error (redis_errors_total)
      redis.rpush("bull:emails:wait", "1", "2", "3");
      try {
        redis.sendCommand(() -> "NO-SUCH-COMMAND".getBytes(StandardCharsets.UTF_8));
      } catch (JedisDataException expected) {
        // ERR unknown command
      }
    }
    exporter =
        RedisExporterServer.start(
            orders.url(), "-check-keys=bull:*:wait,bull:*:paused,bull:*:prioritized,rq:queue:*");
    prometheus =
        PrometheusServer.builder()
            .rules(shippedRulesWithShortFor())
            // the labels a scrape config gives each Redis: redis_target names the bot's target
            .target(exporter.address(), Map.of("redis_target", "orders-cache", "service", "orders"))
            // routes the alerts to the bot's receiver in the test Alertmanager
            .externalLabel(AlertmanagerServer.ROUTE_LABEL, "bot")
            .alertmanager(alertmanager.port())
            .start();
  }

  @AfterAll
  static void stopAll() {
    for (AutoCloseable c : new AutoCloseable[] {prometheus, exporter, alertmanager}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // keep closing the others
      }
    }
    orders.close();
  }

  @Test
  @DisplayName(
      "healthy: every rule evaluates, none fires; killed: exactly one thread, triage A for"
          + " orders-cache; restarted: resolved and verified in that thread")
  void killedServerOpensOneTriagedThread() throws Exception {
    // healthy: Prometheus scrapes the exporter, and every shipped rule evaluated that data
    waits.await(
        "Prometheus scraping redis_up 1 from the exporter",
        () -> {
          JsonNode up = prometheus.query("redis_up{redis_target=\"orders-cache\"}");
          return up.size() == 1 && up.get(0).path("value").path(1).asText().equals("1")
              ? Optional.of(up)
              : Optional.empty();
        });
    Instant scraped = Instant.now();
    List<JsonNode> rules =
        waits.await(
            "every rule evaluated after the first scrape",
            () -> {
              List<JsonNode> all = new ArrayList<>();
              prometheus.ruleGroups().forEach(g -> g.path("rules").forEach(all::add));
              return all.stream()
                      .allMatch(
                          r -> Instant.parse(r.path("lastEvaluation").asText()).isAfter(scraped))
                  ? Optional.of(all)
                  : Optional.empty();
            });
    assertThat(rules).as("the shipped rules, all loaded").hasSize(shippedRuleCount());
    assertThat(rules)
        .as("no rule fails on redis_exporter's real series")
        .allSatisfy(r -> assertThat(r.path("health").asText()).as(r.toString()).isEqualTo("ok"));
    assertThat(prometheus.alerts()).as("a healthy Redis raises nothing").isEmpty();
    assertThat(prometheus.metricNames())
        .as(
            "the metrics the rules use are redis_exporter's names (replication ones need a replica)")
        .containsAll(
            shippedMetricNames().stream()
                .filter(name -> !REPLICATION_ONLY.contains(name))
                .toList());

    orders.kill();

    FakeMessage alert =
        waits.await(
            "the bot's alert message in #alerts",
            () -> discord.fake().messages("alerts").stream().findFirst());
    assertThat(alert.title()).isEqualTo("[FIRING:1] RedisDown orders");
    assertThat(alert.description())
        .contains("Redis orders-cache is down")
        .contains("redis_target orders-cache");
    FakeMessage triage = waits.thread(alert, 1).get(0);
    assertThat(triage.title()).isEqualTo("Triage: orders-cache — A: Redis unreachable");
    assertThat(triage.fields().get("Health")).contains("refused the connection");

    // two more evaluations and notification rounds: nothing else fires for a dead server
    Thread.sleep(3_000);
    assertThat(discord.fake().messages("alerts"))
        .as("exactly one alert message, so one thread")
        .extracting(FakeMessage::id)
        .containsExactly(alert.id());
    assertThat(prometheus.alerts())
        .as("Prometheus fires RedisDown alone, with the target's labels")
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.path("labels").path("alertname").asText()).isEqualTo("RedisDown");
              assertThat(a.path("labels").path("redis_target").asText()).isEqualTo("orders-cache");
              assertThat(a.path("labels").path("instance").asText()).isEqualTo(exporter.address());
              assertThat(a.path("state").asText()).isEqualTo("firing");
            });

    orders.restart();

    assertThat(waits.thread(alert, 3))
        .extracting(FakeMessage::title)
        .containsExactly(
            "Triage: orders-cache — A: Redis unreachable",
            "[RESOLVED] RedisDown orders",
            "Verified: orders-cache healthy again");
    assertThat(alertmanager.failedNotifications("bot")).isEmpty();
  }

  /** Metrics only a replica or a master with replicas exports (checked by hand, see the rules). */
  private static final Set<String> REPLICATION_ONLY =
      Set.of(
          "redis_master_link_up",
          "redis_master_last_io_seconds_ago",
          "redis_connected_slave_lag_seconds");

  /** Every redis_* metric name the shipped rules' expressions use. */
  private static Set<String> shippedMetricNames() throws IOException {
    Set<String> names = new TreeSet<>();
    for (JsonNode group :
        new YAMLMapper().readTree(PrometheusRules.rules().toFile()).path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        Matcher m = Pattern.compile("\\bredis_[a-z0-9_]+").matcher(rule.path("expr").asText());
        while (m.find()) {
          names.add(m.group());
        }
      }
    }
    assertThat(names).as("metric names found in the rules").hasSizeGreaterThan(10);
    return names;
  }

  /** The shipped rules with every {@code for:} set to {@link #FOR}; nothing else changed. */
  private static String shippedRulesWithShortFor() throws IOException {
    String shipped = Files.readString(PrometheusRules.rules());
    String copy =
        Pattern.compile("(?m)^(\\s+for:\\s*)\\S+\\s*$").matcher(shipped).replaceAll("$1" + FOR);
    assertThat(copy).as("the shipped rules have for: durations to shorten").isNotEqualTo(shipped);
    return copy;
  }

  private static int shippedRuleCount() throws IOException {
    return (int)
        Files.readAllLines(PrometheusRules.rules()).stream()
            .filter(l -> l.strip().startsWith("- alert:"))
            .count();
  }
}
