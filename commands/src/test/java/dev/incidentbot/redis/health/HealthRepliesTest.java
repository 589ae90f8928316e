package dev.incidentbot.redis.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.redis.InfoSnapshot;
import dev.incidentbot.redis.RedisProblem;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.health.Finding.Level;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Health replies: the scenario label exactly, and what a healthy target still found")
class HealthRepliesTest {
  private static final InfoSnapshot INFO =
      InfoSnapshot.parse(
          "# Memory\r\nused_memory:1048576\r\nmaxmemory:0\r\n# Clients\r\nconnected_clients:1234\r\n"
              + "# Keyspace\r\ndb0:keys=23000,expires=0,avg_ttl=0\r\n");

  private static HealthReport report(String name, Scenario scenario, Finding... findings) {
    return new HealthReport(
        Target.standalone(name, "redis://127.0.0.1:6379"),
        scenario,
        Optional.of(Duration.ofMillis(1)),
        List.of(findings),
        Optional.empty(),
        INFO,
        Duration.ofMillis(5));
  }

  private static Finding finding(String check, Level level) {
    return new Finding(check, level, "measured", "");
  }

  @Test
  @DisplayName("healthy with warnings: '· 2 warnings' after the label, coloured WARN")
  void healthyWithWarnings() {
    HealthReport r =
        report(
            "cache",
            Scenario.HEALTHY,
            finding("queue depth", Level.WARN),
            finding("stuck jobs", Level.WARN),
            finding("memory", Level.OK));

    Reply reply = HealthReplies.detail(r);

    assertThat(reply.title()).isEqualTo("cache: healthy · 2 warnings");
    assertThat(reply.severity()).isEqualTo(Severity.WARN);
    assertThat(reply.text())
        .isEqualTo(
            "PING 1.00 ms · memory 1.0 MiB used (no maxmemory) · 1,234 clients · 23,000 keys");
  }

  @Test
  @DisplayName("healthy: the label alone; a critical finding outside the decision tree is counted")
  void healthyAndCritical() {
    assertThat(HealthReplies.detail(report("cache", Scenario.HEALTHY)).title())
        .isEqualTo("cache: healthy");
    assertThat(
            HealthReplies.verdict(
                report(
                    "cache",
                    Scenario.HEALTHY,
                    finding("replication", Level.CRIT),
                    finding("fragmentation", Level.WARN))))
        .isEqualTo("healthy · 1 critical, 1 warning");
  }

  @Test
  @DisplayName("a scenario: its label exactly as the runbooks name it, nothing appended")
  void scenario() {
    HealthReport r =
        report(
            "cache",
            Scenario.OUT_OF_MEMORY,
            finding("memory", Level.CRIT),
            finding("clients", Level.WARN));

    assertThat(HealthReplies.detail(r).title()).isEqualTo("cache: B: out of memory");
    assertThat(HealthReplies.detail(r).severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  @DisplayName("every target: the title counts the healthy ones with warnings; each line says it")
  void summary() {
    Reply all =
        HealthReplies.summary(
            List.of(
                report("cache", Scenario.HEALTHY, finding("queue depth", Level.WARN)),
                report("sessions", Scenario.HEALTHY)));
    Reply troubled =
        HealthReplies.summary(
            List.of(
                report("cache", Scenario.SLOW, finding("latency", Level.CRIT)),
                report("sessions", Scenario.HEALTHY)));

    assertThat(all.title()).isEqualTo("All 2 targets healthy · 1 with warnings");
    assertThat(all.severity()).isEqualTo(Severity.WARN);
    assertThat(all.text().lines())
        .containsExactly(
            "▲ cache — healthy · 1 warning · PING 1.00 ms · memory 1.0 MiB used (no maxmemory) ·"
                + " 1,234 clients · 23,000 keys",
            "✔ sessions — healthy · PING 1.00 ms · memory 1.0 MiB used (no maxmemory) · 1,234"
                + " clients · 23,000 keys");
    assertThat(troubled.title()).isEqualTo("1 critical of 2 targets");
    assertThat(HealthReplies.summary(List.of(report("sessions", Scenario.HEALTHY))).title())
        .isEqualTo("1 target healthy");
  }

  @Test
  @DisplayName(
      "one target down and two with warnings: the title counts both, down first; severity is the"
          + " worst")
  void summaryCountsEveryTroubledTarget() {
    Reply reply =
        HealthReplies.summary(
            List.of(
                report("cache", Scenario.HEALTHY, finding("latency", Level.WARN)),
                report("secure", Scenario.HEALTHY, finding("memory", Level.WARN)),
                report("dead", Scenario.UNREACHABLE)));

    assertThat(reply.title()).isEqualTo("1 down, 2 with warnings of 3 targets");
    assertThat(reply.severity()).isEqualTo(Severity.CRITICAL);
  }

  @Test
  @DisplayName("a target that refuses the bot's login is not counted as down")
  void cannotLogInIsNotDown() {
    var secure =
        new HealthReport(
            Target.standalone("secure", "redis://127.0.0.1:6380"),
            Scenario.UNREACHABLE,
            Optional.empty(),
            List.of(),
            Optional.of(new RedisProblem(RedisProblem.Kind.AUTH, "NOAUTH Authentication required")),
            null,
            Duration.ofMillis(5));

    Reply reply =
        HealthReplies.summary(
            List.of(
                report("cache", Scenario.HEALTHY), secure, report("dead", Scenario.UNREACHABLE)));

    assertThat(reply.title()).isEqualTo("1 down, 1 the bot cannot check of 3 targets");
    assertThat(reply.severity()).isEqualTo(Severity.CRITICAL);
  }
}
