package dev.incidentbot.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.redis.InfoSnapshot;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.health.Finding;
import dev.incidentbot.redis.health.Finding.Level;
import dev.incidentbot.redis.health.HealthReport;
import dev.incidentbot.redis.health.Scenario;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName(
    "Triage titles say what the health title says: the label, then warnings of a healthy target")
class TriageRepliesTest {
  private static HealthReport report(String name, Scenario scenario, Finding... findings) {
    return new HealthReport(
        Target.standalone(name, "redis://127.0.0.1:6379"),
        scenario,
        Optional.of(Duration.ofMillis(1)),
        List.of(findings),
        Optional.empty(),
        InfoSnapshot.parse("# Clients\r\nconnected_clients:3\r\n"),
        Duration.ofMillis(5));
  }

  private static Finding warn(String check) {
    return new Finding(check, Level.WARN, "measured", "");
  }

  @Test
  @DisplayName("one target healthy with warnings: '— healthy · 2 warnings', amber")
  void oneTarget() {
    Reply reply =
        TriageReplies.triage(
            "RedisQueueDeep",
            List.of(report("cache-a", Scenario.HEALTHY, warn("queue depth"), warn("stuck jobs"))),
            Duration.ZERO,
            List.of());

    assertThat(reply.title()).isEqualTo("Triage: cache-a — healthy · 2 warnings");
    assertThat(reply.text())
        .as("a firing alert on a healthy target is a disagreement, said so")
        .contains("The alert and the bot disagree: the alert fires, but cache-a looks healthy");
    assertThat(reply.fields())
        .anySatisfy(
            f -> assertThat(f.name()).isEqualTo("Next steps (the alert and the bot disagree)"));
    assertThat(reply.severity()).isEqualTo(Severity.WARN);
    assertThat(reply.fields())
        .extracting(Field::value)
        .first()
        .asString()
        .startsWith("▲ cache-a — healthy · 2 warnings · ");
  }

  @Test
  @DisplayName("several healthy targets: how many have warnings; a scenario keeps its label alone")
  void severalTargets() {
    Reply healthy =
        TriageReplies.triage(
            "RedisDown",
            List.of(
                report("cache-a", Scenario.HEALTHY, warn("workers")),
                report("cache-b", Scenario.HEALTHY)),
            Duration.ZERO,
            List.of());
    Reply slow =
        TriageReplies.triage(
            "RedisSlow",
            List.of(
                report(
                    "cache-a",
                    Scenario.SLOW,
                    new Finding("latency", Level.CRIT, "PING 12 ms", ""))),
            Duration.ZERO,
            List.of());

    assertThat(healthy.title()).isEqualTo("Triage: cache-a, cache-b — healthy · 1 with warnings");
    assertThat(slow.title()).isEqualTo("Triage: cache-a — C: slow or timing out");
  }
}
