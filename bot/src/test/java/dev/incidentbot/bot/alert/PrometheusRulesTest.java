package dev.incidentbot.bot.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.incidentbot.redis.Thresholds;
import dev.incidentbot.testing.PrometheusRules;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The shipped Prometheus rules ({@code docs/prometheus/redis-incident-bot.rules.yml}) are valid
 * ({@code promtool check rules}), pass their unit tests ({@code promtool test rules}), have a test
 * for every alert, keep the target labels the bot maps alerts by, and use the bot's own default
 * thresholds ({@link Thresholds#DEFAULTS}), so an alert and its triage agree. The promtool tests
 * are skipped, saying why, only where promtool is not installed (scripts/install-test-deps installs
 * it).
 */
@DisplayName(
    "Shipped Prometheus rules: promtool check and unit tests, every alert tested, bot thresholds")
class PrometheusRulesTest {
  private static final YAMLMapper YAML = new YAMLMapper();

  @Test
  @DisplayName("promtool check rules: valid, every rule found")
  void checkRules() throws IOException {
    Assumptions.assumeTrue(
        Files.isExecutable(PrometheusRules.PROMTOOL), PrometheusRules.promtoolMissing());
    var run =
        PrometheusRules.promtool(
            "check", "rules", PrometheusRules.rules().getFileName().toString());
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("SUCCESS: " + rules().size() + " rules found");
  }

  @Test
  @DisplayName("promtool test rules: every case passes")
  void unitTests() {
    Assumptions.assumeTrue(
        Files.isExecutable(PrometheusRules.PROMTOOL), PrometheusRules.promtoolMissing());
    var run =
        PrometheusRules.promtool("test", "rules", PrometheusRules.tests().getFileName().toString());
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("SUCCESS");
  }

  @Test
  @DisplayName("every alert has a unit test, a severity, a summary, and keeps the target's labels")
  void everyAlertTested() throws IOException {
    Set<String> tested = new LinkedHashSet<>();
    for (JsonNode test : YAML.readTree(PrometheusRules.tests().toFile()).path("tests")) {
      for (JsonNode alert : test.path("alert_rule_test")) {
        if (!alert.path("exp_alerts").isEmpty()) {
          tested.add(alert.path("alertname").asText());
        }
      }
    }
    var soft = new SoftAssertions();
    for (JsonNode rule : rules()) {
      String name = rule.path("alert").asText();
      soft.assertThat(tested).as("a promtool case where %s fires", name).contains(name);
      soft.assertThat(rule.path("labels").path("severity").asText())
          .as("%s's severity label", name)
          .isIn("warning", "critical");
      soft.assertThat(rule.path("annotations").path("summary").asText())
          .as("%s's summary names the target", name)
          .contains("$labels.redis_target")
          .contains("$labels.instance");
      // by (...) would drop redis_target, instance and service: the labels the bot maps alerts by
      soft.assertThat(rule.path("expr").asText())
          .as("%s aggregates with without(), never by()", name)
          .doesNotContainPattern("\\bby\\s*\\(");
    }
    soft.assertAll();
  }

  @Test
  @DisplayName(
      "thresholds are the bot's defaults: memory 70/85 %, clients, evictions, latency, lag, queues")
  void thresholdsAreTheBots() throws IOException {
    Thresholds t = Thresholds.DEFAULTS;
    var soft = new SoftAssertions();
    expect(soft, "RedisMemoryHigh", "warning", t.memoryWarnPercent() / 100);
    expect(soft, "RedisMemoryHigh", "critical", t.memoryCritPercent() / 100);
    expect(soft, "RedisEvictingKeys", "warning", t.evictedWarn());
    expect(soft, "RedisEvictingKeys", "critical", t.evictedCrit());
    expect(soft, "RedisTooManyClients", "warning", t.clientsWarn());
    expect(soft, "RedisTooManyClients", "critical", t.clientsCrit(), t.clientsPercentOfMax() / 100);
    expect(soft, "RedisSlowCommands", "warning", t.latencyCritMs() / 1000);
    expect(
        soft, "RedisLatencyHigh", "critical", t.latencyCritMs() / 1000, t.latencyWarnMs() / 1000);
    expect(soft, "RedisAofRewriteSlow", "warning", t.aofRewriteWarnSeconds());
    expect(soft, "RedisAofRewriteSlow", "critical", t.aofRewriteCritSeconds());
    // a replica hears from its master every 10 s; the bot warns after 10 lag thresholds
    expect(
        soft,
        "RedisReplicationLag",
        "warning",
        t.replicationLagSeconds(),
        t.replicationLagSeconds() * 10);
    expect(soft, "RedisQueueDepth", "warning", t.queueDepth());
    soft.assertAll();
  }

  /** The rule {@code alert} of {@code severity} compares against each of {@code limits}. */
  private static void expect(SoftAssertions soft, String alert, String severity, double... limits)
      throws IOException {
    List<JsonNode> matching =
        rules().stream()
            .filter(r -> r.path("alert").asText().equals(alert))
            .filter(r -> r.path("labels").path("severity").asText().equals(severity))
            .toList();
    soft.assertThat(matching).as("one %s rule of severity %s", alert, severity).hasSize(1);
    if (matching.size() != 1) {
      return;
    }
    List<Double> compared = new ArrayList<>();
    Matcher m =
        Pattern.compile("[<>]=?\\s*([0-9]+(?:\\.[0-9]+)?)")
            .matcher(matching.get(0).path("expr").asText());
    while (m.find()) {
      compared.add(Double.parseDouble(m.group(1)));
    }
    for (double limit : limits) {
      soft.assertThat(compared)
          .as("%s (%s) compares against %s", alert, severity, limit)
          .contains(limit);
    }
  }

  private static List<JsonNode> rules() throws IOException {
    var out = new ArrayList<JsonNode>();
    for (JsonNode group : YAML.readTree(PrometheusRules.rules().toFile()).path("groups")) {
      group.path("rules").forEach(out::add);
    }
    return out;
  }
}
