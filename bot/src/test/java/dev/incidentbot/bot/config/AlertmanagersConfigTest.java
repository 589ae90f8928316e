package dev.incidentbot.bot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName(
    "Configuration: alerts.alertmanagers (HA pair, Grafana prefix, auth from the environment) and"
        + " alerts.silenceWarning")
class AlertmanagersConfigTest {
  private static final String TARGETS =
      "targets:\n  - name: cache\n    url: redis://127.0.0.1:6379\n";

  private final ConfigLoader loader =
      new ConfigLoader(
          Map.of("AM_TOKEN", "am-secret-token", "GRAFANA_PASSWORD", "graf-secret")::get);

  private BotConfig parse(String yaml) throws ConfigException {
    return loader.parse("bot.yml", TARGETS + yaml);
  }

  @Test
  @DisplayName(
      "two Alertmanagers and Grafana: API URLs with the prefix, bearer and basic auth from the"
          + " environment, timeouts, never a secret in toString")
  void loads() throws Exception {
    AlertsSection alerts =
        parse(
                """
                alerts:
                  silenceWarning: 15m
                  alertmanagers:
                    - name: am-0
                      url: http://alertmanager-0:9093
                      bearerToken: ${AM_TOKEN}
                    - url: http://alertmanager-1:9093/
                      timeout: 2s
                    - name: grafana
                      url: https://grafana.example.com
                      pathPrefix: /api/alertmanager/grafana
                      basicAuth: {username: bot, password: "${GRAFANA_PASSWORD}"}
                """)
            .alerts();

    assertThat(alerts.silenceWarning()).isEqualTo(Duration.ofMinutes(15));
    assertThat(alerts.alertmanagers())
        .extracting(e -> e.name() + " " + e.api() + " " + e.timeout())
        .containsExactly(
            "am-0 http://alertmanager-0:9093/api/v2/ PT5S",
            "alertmanager-1:9093 http://alertmanager-1:9093/api/v2/ PT2S",
            "grafana https://grafana.example.com/api/alertmanager/grafana/api/v2/ PT5S");
    assertThat(alerts.alertmanagers().get(0).authorization()).isEqualTo("Bearer am-secret-token");
    assertThat(alerts.alertmanagers().get(1).authorization()).isNull();
    assertThat(alerts.alertmanagers().get(2).authorization())
        .isEqualTo("Basic " + Base64.getEncoder().encodeToString("bot:graf-secret".getBytes()));
    assertThat(alerts.toString())
        .doesNotContain("am-secret-token")
        .doesNotContain("graf-secret")
        .doesNotContain(Base64.getEncoder().encodeToString("bot:graf-secret".getBytes()));
  }

  @Test
  @DisplayName("without alertmanagers: no silencing, a 10-minute warning by default")
  void defaults() throws Exception {
    AlertsSection alerts = parse("alerts: {}\n").alerts();
    assertThat(alerts.alertmanagers()).isEmpty();
    assertThat(alerts.silenceWarning()).isEqualTo(Duration.ofMinutes(10));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "alerts: {alertmanagers: [{name: a}]}|alerts.alertmanagers[0].url: is required",
        "alerts: {alertmanagers: [{url: 'ftp://am:9093'}]}|alerts.alertmanagers[0].url: 'ftp://am:9093' is not an Alertmanager URL",
        "alerts: {alertmanagers: [{url: 'http://user:pw@am:9093'}]}|alerts.alertmanagers[0].url: 'http://user:pw@am:9093' is not an Alertmanager URL",
        "alerts: {alertmanagers: [{url: 'http://am:9093', pathPrefix: 'api/'}]}|alerts.alertmanagers[0].pathPrefix: 'api/' is not a path prefix",
        "alerts: {alertmanagers: [{url: 'http://a:1'}, {url: 'http://a:1'}]}|alerts.alertmanagers[1].name: 'a:1' names two Alertmanagers",
        "alerts: {alertmanagers: [{url: 'http://a:1', timeout: 2m}]}|alerts.alertmanagers[0].timeout: must be between 100ms and 60s",
        "alerts: {alertmanagers: [{url: 'http://a:1', bearerToken: x, basicAuth: {username: u, password: p}}]}|alerts.alertmanagers[0]: give bearerToken: or basicAuth:, not both",
        "alerts: {alertmanagers: [{url: 'http://a:1', bearerToken: ''}]}|alerts.alertmanagers[0].bearerToken: is empty or has spaces",
        "alerts: {alertmanagers: [{url: 'http://a:1', basicAuth: {username: 'a:b', password: p}}]}|alerts.alertmanagers[0].basicAuth.username: must be non-empty and without ':'",
        "alerts: {silenceWarning: 0s}|alerts.silenceWarning: must be between 1s and 24h",
      })
  void refused(String yaml, String message) {
    assertThatThrownBy(() -> parse(yaml + "\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }
}
