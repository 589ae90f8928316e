package dev.incidentbot.bot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentbot.alert.TargetMatcher;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Configuration: alerts: and http: sections, validated with the path to the bad field")
class AlertsConfigTest {
  private static final String TARGETS =
      """
      targets:
        - name: cache
          url: redis://127.0.0.1:6379
        - name: sessions
          url: redis://127.0.0.1:6380
      """;

  private final ConfigLoader loader =
      new ConfigLoader(Map.of("ALERT_TOKEN", "s3cret-token-of-some-length")::get);

  private BotConfig parse(String yaml) throws ConfigException {
    return loader.parse("bot.yml", TARGETS + yaml);
  }

  @Test
  @DisplayName("a full section loads: senders, matchers, windows, auto-declare, token from env")
  void full() throws Exception {
    BotConfig config =
        parse(
            """
            alerts:
              senders: ["1180000000000000001", "1180000000000000002"]
              targets:
                - target: cache
                  labels: {instance: "10.0.0.5:*", job: redis}
                - target: sessions
                  labels: {service: login}
              targetLabel: redis_cluster
              triageWindow: 5m
              updateWindow: 45s
              retryWindow: 2h
              severityLabel: level
              autoDeclare: {critical: p1, page: P0}
              token: ${ALERT_TOKEN}
              roles: [viewer, commander]
              workers: 4
              queue: 500
            http:
              port: 9095
            """);

    AlertsSection alerts = config.alerts();
    assertThat(alerts.intake().senders())
        .containsExactlyInAnyOrder("1180000000000000001", "1180000000000000002");
    assertThat(alerts.matchers())
        .containsExactly(
            new TargetMatcher("cache", Map.of("instance", "10.0.0.5:*", "job", "redis")),
            new TargetMatcher("sessions", Map.of("service", "login")));
    assertThat(alerts.targetLabel()).isEqualTo("redis_cluster");
    assertThat(alerts.intake().triageWindow()).isEqualTo(Duration.ofMinutes(5));
    assertThat(alerts.intake().updateWindow()).isEqualTo(Duration.ofSeconds(45));
    assertThat(alerts.intake().retryWindow()).isEqualTo(Duration.ofHours(2));
    assertThat(alerts.intake().severityLabel()).isEqualTo("level");
    assertThat(alerts.intake().autoDeclare())
        .containsExactlyInAnyOrderEntriesOf(Map.of("critical", "P1", "page", "P0"));
    assertThat(alerts.webhookToken()).hasValue("s3cret-token-of-some-length");
    assertThat(alerts.intake().workers()).isEqualTo(4);
    assertThat(alerts.intake().queueCapacity()).isEqualTo(500);
    assertThat(config.http()).isEqualTo(new HttpSettings("127.0.0.1", 9095));
    assertThat(alerts.toString()).doesNotContain("s3cret");
  }

  @Test
  @DisplayName("without the sections: defaults, webhook off, no HTTP port")
  void defaults() throws Exception {
    BotConfig config = parse("");

    assertThat(config.alerts().webhookToken()).isEmpty();
    assertThat(config.alerts().intake().senders()).isEmpty();
    assertThat(config.alerts().intake().triageWindow()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.alerts().intake().updateWindow()).isEqualTo(Duration.ofSeconds(30));
    assertThat(parse("alerts: {updateWindow: 0s}\n").alerts().intake().updateWindow()).isZero();
    assertThat(config.alerts().targetLabel()).isEqualTo("redis_target");
    assertThat(config.http()).isNull();
    assertThat(parse("http: {}\n").http()).isEqualTo(new HttpSettings("127.0.0.1", 8080));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "alerts: {senders: [\"12ab\"]}|alerts.senders[0]: '12ab' is not a Discord id",
        "alerts: {targets: [{target: nope, labels: {a: b}}]}|alerts.targets[0].target: 'nope' is not a configured target; known: cache, sessions",
        "alerts: {targets: [{target: cache, labels: {}}]}|alerts.targets[0].labels: give at least one label",
        "alerts: {targets: [{target: cache, labels: {9bad: x}}]}|alerts.targets[0].labels: '9bad' is not a label name",
        "alerts: {targets: [{target: cache}]}|alerts.targets[0].labels: is required",
        "alerts: {triageWindow: 0s}|alerts.triageWindow: must be between 1s and 24h",
        "alerts: {updateWindow: 2h}|alerts.updateWindow: must be between 0s and 1h, not 7200000ms",
        "alerts: {updateWindow: -5s}|alerts.updateWindow: '-5s' is not a duration",
        "alerts: {retryWindow: 30d}|alerts.retryWindow: must be between 60s and 168h",
        "alerts: {autoDeclare: {critical: P4}, roles: [commander]}|alerts.autoDeclare.critical: 'P4' is not an incident severity",
        "alerts: {autoDeclare: {critical: P1}}|alerts.roles: autoDeclare needs the commander role",
        "alerts: {token: short}|alerts.token: must be at least 16 characters",
        "alerts: {roles: [admin]}|alerts.roles[0]: 'admin' is not a role",
        "alerts: {workers: 0}|alerts.workers: must be between 1 and 256, not 0",
        "alerts: {token: '${NOPE}'}|alerts.token: environment variable NOPE is not set",
        "alerts: {sender: []}|alerts.sender: unknown key",
        "http: {port: 70000}|http.port: must be between 0 and 65535, not 70000",
        "http: {address: 'my host'}|http.address: 'my host' is not an IP address or host name",
      })
  @DisplayName("each mistake stops start-up with the path and what is wrong")
  void mistakes(String yaml, String message) {
    assertThatThrownBy(() -> parse(yaml + "\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bot.yml: " + message);
  }
}
