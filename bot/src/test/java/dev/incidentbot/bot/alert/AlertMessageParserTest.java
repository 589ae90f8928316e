package dev.incidentbot.bot.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.alert.Alert;
import dev.incidentbot.alert.AlertMessage;
import dev.incidentbot.alert.AlertMessageParser;
import dev.incidentbot.alert.AlertNotification;
import dev.incidentbot.alert.AlertSource;
import dev.incidentbot.alert.AlertStatus;
import dev.incidentbot.chat.Place;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Alert messages in chat: Alertmanager and Grafana Discord formats, generic fallback")
class AlertMessageParserTest {
  private final AlertMessageParser parser = new AlertMessageParser();

  private AlertNotification parse(String path) {
    return parser.parse(AlertFixtures.message(path, "m-" + path.hashCode())).orElseThrow();
  }

  @Test
  @DisplayName("Alertmanager, one instance down: group name from the title, the alert's labels")
  void alertmanagerFiringOne() {
    AlertNotification n = parse("alertmanager/discord/redisdown-firing-1.json");

    assertThat(n.source()).isEqualTo(AlertSource.ALERTMANAGER_DISCORD);
    assertThat(n.status()).isEqualTo(AlertStatus.FIRING);
    assertThat(n.groupName()).isEqualTo("RedisDown orders");
    assertThat(n.alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.status()).isEqualTo(AlertStatus.FIRING);
              assertThat(a.labels())
                  .containsEntry("alertname", "RedisDown")
                  .containsEntry("redis_target", "cache-a")
                  .containsEntry("severity", "critical")
                  .containsKey("instance");
              assertThat(a.summary()).isEqualTo("Redis cache-a is down");
            });
    assertThat(n.deliveryKey()).startsWith("message:");
  }

  @Test
  @DisplayName("Alertmanager, firing → two firing → partially resolved → resolved: one group key")
  void alertmanagerLifecycle() {
    AlertNotification one = parse("alertmanager/discord/redisdown-firing-1.json");
    AlertNotification two = parse("alertmanager/discord/redisdown-firing-2.json");
    AlertNotification partial = parse("alertmanager/discord/redisdown-partially-resolved.json");
    AlertNotification resolved = parse("alertmanager/discord/redisdown-resolved.json");

    assertThat(List.of(two, partial, resolved))
        .extracting(AlertNotification::groupKey)
        .containsOnly(one.groupKey());
    assertThat(targets(two.firing())).containsExactly("cache-a", "cache-b");
    assertThat(partial.status()).isEqualTo(AlertStatus.FIRING);
    assertThat(targets(partial.firing())).containsExactly("cache-b");
    assertThat(targets(partial.resolved())).containsExactly("cache-a");
    assertThat(resolved.status()).isEqualTo(AlertStatus.RESOLVED);
    assertThat(targets(resolved.resolved())).containsExactly("cache-a", "cache-b");
    assertThat(resolved.firing()).isEmpty();
    assertThat(List.of(one.state(), two.state(), partial.state(), resolved.state()))
        .doesNotHaveDuplicates();
  }

  @Test
  @DisplayName("Alertmanager memory alert: its own group, warning severity, annotations kept")
  void alertmanagerMemory() {
    AlertNotification firing = parse("alertmanager/discord/memoryhigh-firing.json");
    AlertNotification resolved = parse("alertmanager/discord/memoryhigh-resolved.json");

    assertThat(firing.groupName()).isEqualTo("RedisMemoryHigh orders");
    assertThat(firing.groupKey())
        .isEqualTo(resolved.groupKey())
        .isNotEqualTo(parse("alertmanager/discord/redisdown-firing-1.json").groupKey());
    assertThat(firing.label("severity")).isEqualTo("warning");
    assertThat(firing.alerts().get(0).annotations().get("description"))
        .endsWith("of maxmemory used.");
    assertThat(resolved.status()).isEqualTo(AlertStatus.RESOLVED);
  }

  @Test
  @DisplayName("Grafana: Firing/Resolved sections in the content, title in the embed, one group")
  void grafana() {
    AlertNotification firing = parse("grafana/firing.json");
    AlertNotification partial = parse("grafana/partially-resolved.json");
    AlertNotification resolved = parse("grafana/resolved.json");

    assertThat(firing.source()).isEqualTo(AlertSource.GRAFANA_DISCORD);
    assertThat(firing.groupName()).isEqualTo("RedisDown Redis");
    assertThat(List.of(partial.groupKey(), resolved.groupKey())).containsOnly(firing.groupKey());
    assertThat(targets(firing.firing())).containsExactly("cache-a");
    assertThat(targets(partial.firing())).containsExactly("cache-b");
    assertThat(targets(partial.resolved())).containsExactly("cache-a");
    assertThat(partial.status()).isEqualTo(AlertStatus.FIRING);
    assertThat(resolved.status()).isEqualTo(AlertStatus.RESOLVED);
    assertThat(firing.alerts().get(0).summary()).isEqualTo("Redis cache-a is down");
  }

  @Test
  @DisplayName("generic [FIRING]/[RESOLVED] lines: one group named by the text before the colon")
  void generic() {
    AlertNotification firing = parse("other/generic-firing.json");
    AlertNotification resolved = parse("other/generic-resolved.json");

    assertThat(firing.source()).isEqualTo(AlertSource.GENERIC_MESSAGE);
    assertThat(firing.status()).isEqualTo(AlertStatus.FIRING);
    assertThat(firing.groupName()).isEqualTo("RedisMemoryHigh on cache-a");
    assertThat(resolved.groupKey()).isEqualTo(firing.groupKey());
    assertThat(resolved.status()).isEqualTo(AlertStatus.RESOLVED);
  }

  @Test
  @DisplayName("a message that is not an alert is ignored")
  void chatter() {
    assertThat(parser.parse(AlertFixtures.message("other/chatter.json", "m1"))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "deploy finished",
        "the alert said FIRING earlier",
        "[FIRE] not a tag",
        "",
      })
  @DisplayName("plain text without a tag at a line start is not an alert")
  void notAlerts(String content) {
    var message = new AlertMessage(Place.channel("c"), "m", "s", content, List.of());
    assertThat(parser.parse(message)).isEmpty();
  }

  @Test
  @DisplayName("the same group in two alert channels is two groups")
  void channelIsPartOfTheKey() {
    var a = new AlertMessage(Place.channel("c1"), "m1", "s", "[FIRING] Disk full: x", List.of());
    var b = new AlertMessage(Place.channel("c2"), "m2", "s", "[FIRING] Disk full: x", List.of());
    assertThat(parser.parse(a).orElseThrow().groupKey())
        .isNotEqualTo(parser.parse(b).orElseThrow().groupKey());
  }

  private static List<String> targets(List<Alert> alerts) {
    return alerts.stream().map(a -> a.label("redis_target")).toList();
  }
}
