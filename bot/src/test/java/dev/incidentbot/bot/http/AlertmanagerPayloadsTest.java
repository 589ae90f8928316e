package dev.incidentbot.bot.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentbot.alert.AlertNotification;
import dev.incidentbot.alert.AlertSource;
import dev.incidentbot.alert.AlertStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Alertmanager webhook payloads (version 4) captured from a real Alertmanager")
class AlertmanagerPayloadsTest {
  private static final String REDIS_DOWN_KEY = "{}:{alertname=\"RedisDown\", service=\"orders\"}";
  private final AlertmanagerPayloads payloads = new AlertmanagerPayloads();

  private static byte[] fixture(String name) throws IOException {
    try (InputStream in =
        AlertmanagerPayloadsTest.class.getResourceAsStream(
            "/alerts/alertmanager/webhook/" + name + ".json")) {
      return in.readAllBytes();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "redisdown-firing-1",
        "redisdown-firing-2",
        "redisdown-partially-resolved",
        "redisdown-resolved",
        "memoryhigh-firing",
        "memoryhigh-resolved"
      })
  @DisplayName("every captured payload parses, with fingerprints, start times and a delivery key")
  void everyFixture(String name) throws Exception {
    AlertNotification n = payloads.parse(fixture(name));

    assertThat(n.source()).isEqualTo(AlertSource.ALERTMANAGER_WEBHOOK);
    assertThat(n.groupKey()).startsWith("{}:{alertname=");
    assertThat(n.alerts())
        .isNotEmpty()
        .allSatisfy(
            a -> {
              assertThat(a.fingerprint()).matches("[0-9a-f]{16}");
              assertThat(a.startsAt()).isAfter(Instant.parse("2020-01-01T00:00:00Z"));
              assertThat(a.label("redis_target")).isIn("cache-a", "cache-b");
            });
    assertThat(n.deliveryKey()).startsWith("content:");
    assertThat(payloads.parse(fixture(name)).deliveryKey()).isEqualTo(n.deliveryKey());
  }

  @Test
  @DisplayName("the RedisDown group: one key and name through firing, partial and full resolution")
  void redisDownGroup() throws Exception {
    var one = payloads.parse(fixture("redisdown-firing-1"));
    var two = payloads.parse(fixture("redisdown-firing-2"));
    var partial = payloads.parse(fixture("redisdown-partially-resolved"));
    var resolved = payloads.parse(fixture("redisdown-resolved"));

    assertThat(one.groupKey()).isEqualTo(REDIS_DOWN_KEY);
    assertThat(two.groupKey()).isEqualTo(REDIS_DOWN_KEY);
    assertThat(resolved.groupKey()).isEqualTo(REDIS_DOWN_KEY);
    assertThat(one.groupName()).isEqualTo("RedisDown orders");
    assertThat(two.firing()).hasSize(2);
    assertThat(partial.status()).isEqualTo(AlertStatus.FIRING);
    assertThat(partial.firing()).hasSize(1);
    assertThat(partial.resolved()).hasSize(1);
    assertThat(resolved.status()).isEqualTo(AlertStatus.RESOLVED);
    assertThat(resolved.resolved()).hasSize(2);
    assertThat(one.deliveryKey()).isNotEqualTo(two.deliveryKey());
    assertThat(one.commonLabels()).containsEntry("severity", "critical");
  }

  @Test
  @DisplayName("unknown fields are ignored; wrong or missing required ones are named")
  void validation() throws Exception {
    String good = new String(fixture("redisdown-firing-1"), StandardCharsets.UTF_8);
    assertThat(
            payloads.parse(
                good.replace("{\"receiver\"", "{\"newField\":1,\"receiver\"").getBytes()))
        .isNotNull();
    assertThatThrownBy(
            () ->
                payloads.parse(
                    good.replace("\"alerts\":[", "\"alerts\":{\"x\":[")
                        .replace("}],\"groupLabels\"", "}]},\"groupLabels\"")
                        .getBytes()))
        .isInstanceOf(BadPayloadException.class)
        .hasMessageContaining("alerts: expected an array");
    assertThatThrownBy(
            () -> payloads.parse(good.replace("\"job\":\"redis\"", "\"job\":7").getBytes()))
        .hasMessageContaining("alerts[0].labels.job: expected a string");
    assertThatThrownBy(
            () ->
                payloads.parse(
                    good.replace("\"startsAt\":\"", "\"startsAt\":\"yesterday").getBytes()))
        .hasMessageContaining("alerts[0].startsAt");
    assertThatThrownBy(() -> payloads.parse("".getBytes()))
        .hasMessageContaining("expected a JSON object");
  }

  @Test
  @DisplayName(
      "the envelope's problems are named exactly: JSON with its place, version, key, status")
  void envelopeMessages() throws Exception {
    String good = new String(fixture("redisdown-firing-1"), StandardCharsets.UTF_8);
    assertThatThrownBy(() -> payloads.parse("{\n \"version\": }".getBytes()))
        .hasMessageStartingWith("not valid JSON: ")
        .hasMessageEndingWith(" at line 2, column 13");
    assertThatThrownBy(() -> payloads.parse("[1]".getBytes()))
        .hasMessage("expected a JSON object (Alertmanager webhook payload)");
    assertThatThrownBy(
            () -> payloads.parse(good.replace("\"version\":\"4\"", "\"version\":\"3\"").getBytes()))
        .hasMessage("version is '3'; only payload version 4 is read");
    assertThatThrownBy(
            () -> payloads.parse(good.replace("\"groupKey\":", "\"groupKeys\":").getBytes()))
        .hasMessage("groupKey: is required");
    assertThatThrownBy(
            () ->
                payloads.parse(
                    good.replaceFirst("\"status\":\"firing\"", "\"status\":\"burning\"")
                        .getBytes()))
        .hasMessageStartingWith("status: ");
  }

  @Test
  @DisplayName("alerts left out by max_alerts are counted with the group's status, never listed")
  void truncated() throws Exception {
    String good = new String(fixture("redisdown-firing-1"), StandardCharsets.UTF_8);
    AlertNotification whole = payloads.parse(good.getBytes());
    AlertNotification cut =
        payloads.parse(good.replace("\"truncatedAlerts\":0", "\"truncatedAlerts\":3").getBytes());
    assertThat(cut.deliveryKey()).isEqualTo(whole.deliveryKey() + "+3");
    assertThat(cut.moreFiring()).isEqualTo(3);
    assertThat(cut.moreResolved()).isZero();
    assertThat(cut.alerts()).isEqualTo(whole.alerts());
    assertThat(cut.groupName()).isEqualTo(whole.groupName());
    assertThat(cut.commonLabels()).isEqualTo(whole.commonLabels());
  }
}
