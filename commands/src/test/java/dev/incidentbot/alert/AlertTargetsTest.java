package dev.incidentbot.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Alert → target mapping: label matchers, the target label, names in text")
class AlertTargetsTest {
  private static Alert alert(Map<String, String> labels) {
    return new Alert(AlertStatus.FIRING, labels, Map.of(), null, null);
  }

  private static AlertNotification group(String name, Alert... alerts) {
    return new AlertNotification(
        AlertSource.ALERTMANAGER_WEBHOOK,
        "k",
        name,
        AlertStatus.FIRING,
        List.of(alerts),
        Map.of(),
        "d");
  }

  private final AlertTargets targets =
      new AlertTargets(
          List.of(
              new TargetMatcher("main", Map.of("instance", "10.0.0.5:*")),
              new TargetMatcher("sessions", Map.of("service", "login", "env", "prod"))),
          "redis_target",
          List.of("main", "sessions", "queues"));

  @Test
  @DisplayName("matchers with * globs, all labels required; the redis_target label; in order")
  void matchers() {
    var n =
        group(
            "RedisDown",
            alert(Map.of("instance", "10.0.0.5:9121")),
            alert(Map.of("service", "login", "env", "staging")),
            alert(Map.of("service", "login", "env", "prod")),
            alert(Map.of("redis_target", "queues")),
            alert(Map.of("redis_target", "unknown")));

    assertThat(targets.targetsFor(n)).containsExactly("main", "sessions", "queues");
    assertThat(targets.targetsFor(group("x", alert(Map.of("instance", "10.0.0.50:9121")))))
        .isEmpty();
  }

  @Test
  @DisplayName("without matching labels: a target named as a word in the group name, else nothing")
  void mentions() {
    assertThat(targets.targetsFor(group("RedisMemoryHigh on queues", alert(Map.of()))))
        .containsExactly("queues");
    assertThat(targets.targetsFor(group("RedisMemoryHigh on queues-eu", alert(Map.of()))))
        .isEmpty();
  }

  @Test
  @DisplayName("with a single configured target, an unmapped alert is about that one")
  void single() {
    var one = new AlertTargets(List.of(), "redis_target", List.of("local"));
    assertThat(one.targetsFor(group("Anything", alert(Map.of("a", "b"))))).containsExactly("local");
  }
}
