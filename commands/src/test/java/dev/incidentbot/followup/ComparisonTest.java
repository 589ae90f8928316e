package dev.incidentbot.followup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.followup.Comparison.Verdict;
import dev.incidentbot.redis.Thresholds;
import dev.incidentbot.redis.health.Finding.Level;
import dev.incidentbot.redis.health.Scenario;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Comparison of a follow-up check with the baseline and the previous check")
class ComparisonTest {
  private static final Instant T = Instant.parse("2026-01-01T10:00:00Z");

  private static Snapshot snap(
      String label,
      Scenario scenario,
      double memory,
      Level memoryLevel,
      long evicted,
      Map<String, Long> queues) {
    return new Snapshot(
        T,
        label,
        scenario,
        memory,
        1000L,
        12L,
        300L,
        0.2,
        evicted,
        null,
        Map.of("memory", memoryLevel, "clients", Level.OK, "latency", Level.OK),
        queues,
        Map.of());
  }

  private static Snapshot queuesNotMeasured(Snapshot s, String why) {
    return new Snapshot(
        s.takenAt(),
        s.label(),
        s.scenario(),
        s.memoryPercent(),
        s.usedMemory(),
        s.clients(),
        s.opsPerSec(),
        s.latencyMs(),
        s.evictedKeys(),
        s.newEvictions(),
        s.levels(),
        Map.of(),
        Map.of("queues", why));
  }

  private static Snapshot latency(Snapshot s, Double ms, Level level, Map<String, String> why) {
    return new Snapshot(
        s.takenAt(),
        s.label(),
        s.scenario(),
        s.memoryPercent(),
        s.usedMemory(),
        s.clients(),
        s.opsPerSec(),
        ms,
        s.evictedKeys(),
        s.newEvictions(),
        Map.of("memory", s.level("memory"), "clients", Level.OK, "latency", level),
        s.queueDepths(),
        why);
  }

  @Test
  @DisplayName("first check after a fix: no regression, table has before and now")
  void firstCheckHolding() {
    var before = snap("before", Scenario.OUT_OF_MEMORY, 91, Level.CRIT, 1500, Map.of());
    var now = snap("+1 min", Scenario.HEALTHY, 40, Level.OK, 1500, Map.of());

    var c = Comparison.of(Thresholds.DEFAULTS, Optional.of(before), Optional.empty(), now);

    assertThat(c.regressions()).isEmpty();
    assertThat(c.verdict(now)).isEqualTo(Verdict.HOLDING);
    assertThat(c.rows().lines().toList())
        .containsSubsequence(
            "          before   +1 min",
            "memory    91 % ✖   40 %",
            "evicted   1,500    1,500 (+0)",
            "scenario  B        healthy");
  }

  @Test
  @DisplayName("scenario back, memory over its threshold, a queue over its depth: all regressions")
  void regressions() {
    var before =
        snap("before", Scenario.OUT_OF_MEMORY, 91, Level.CRIT, 0, Map.of("bull:mail", 5000L));
    var previous =
        snap("+1 min", Scenario.HEALTHY, 40, Level.OK, 0, Map.of("bull:mail", 10L))
            .withNewEvictions(0L);
    var now =
        snap("+5 min", Scenario.OUT_OF_MEMORY, 90, Level.CRIT, 300, Map.of("bull:mail", 2000L));

    var c = Comparison.of(Thresholds.DEFAULTS, Optional.of(before), Optional.of(previous), now);

    assertThat(c.verdict(now)).isEqualTo(Verdict.REGRESSION);
    assertThat(c.regressions())
        .containsExactly(
            "scenario back: B: out of memory",
            "memory back over its threshold: 90 % ✖",
            "queue bull:mail back over 1,000 waiting: 2,000",
            "keys are being evicted again: 300 since the previous check");
    assertThat(c.rows()).contains("queue bull:mail  5,000 ▲  10       2,000 ▲");
  }

  @Test
  @DisplayName("still broken since the baseline is not a regression, but not fixed either")
  void notFixed() {
    var before = snap("before", Scenario.OUT_OF_MEMORY, 91, Level.CRIT, 0, Map.of());
    var now = snap("+1 min", Scenario.OUT_OF_MEMORY, 92, Level.CRIT, 0, Map.of());

    var c = Comparison.of(Thresholds.DEFAULTS, Optional.of(before), Optional.empty(), now);

    assertThat(c.regressions()).isEmpty();
    assertThat(c.verdict(now)).isEqualTo(Verdict.NOT_FIXED);
  }

  @Test
  @DisplayName("a snapshot survives encode and decode")
  void encodes() {
    var s =
        snap("+5 min", Scenario.SLOW, 12.5, Level.WARN, 7, Map.of("rq:default", 3L))
            .withNewEvictions(2L);
    assertThat(Snapshot.decode(s.encode())).isEqualTo(s);
  }

  @Test
  @DisplayName(
      "a queue not measured in the previous check, then at its old depth: no regression, and the"
          + " table says why it was not measured")
  void queueNotMeasuredThenSame() {
    var before =
        snap("before", Scenario.OUT_OF_MEMORY, 91, Level.CRIT, 0, Map.of("BullMQ emails", 1500L));
    var previous =
        queuesNotMeasured(
            snap("+1 min", Scenario.HEALTHY, 40, Level.OK, 0, Map.of()), "queue survey timed out");
    var now = snap("+5 min", Scenario.HEALTHY, 40, Level.OK, 0, Map.of("BullMQ emails", 1500L));

    var c = Comparison.of(Thresholds.DEFAULTS, Optional.of(before), Optional.of(previous), now);

    assertThat(c.regressions()).isEmpty();
    assertThat(c.rows())
        .contains("queue BullMQ emails  1,500 ▲  —        1,500 ▲")
        .contains("— +1 min: queues not measured: queue survey timed out");
  }

  @Test
  @DisplayName("a queue fine in the newest check that counted it, over now: a regression")
  void queueFineInBaselineThenOver() {
    var before = snap("before", Scenario.HEALTHY, 40, Level.OK, 0, Map.of("BullMQ emails", 10L));
    var previous =
        queuesNotMeasured(snap("+1 min", Scenario.HEALTHY, 40, Level.OK, 0, Map.of()), "timed out");
    var now = snap("+5 min", Scenario.HEALTHY, 40, Level.OK, 0, Map.of("BullMQ emails", 1500L));

    var c = Comparison.of(Thresholds.DEFAULTS, Optional.of(before), Optional.of(previous), now);

    assertThat(c.regressions())
        .containsExactly("queue BullMQ emails back over 1,000 waiting: 1,500");
    assertThat(c.regressionLevel()).isEqualTo(Level.WARN);
  }

  @Test
  @DisplayName("latency not measured before: the baseline is the reference; '—' says why")
  void latencyNotMeasuredIsNoReference() {
    var before =
        latency(
            snap("before", Scenario.HEALTHY, 40, Level.OK, 0, Map.of()), 2.0, Level.WARN, Map.of());
    var previous =
        latency(
            snap("+1 min", Scenario.HEALTHY, 40, Level.OK, 0, Map.of()),
            null,
            Level.OK,
            Map.of("latency", "PING refused (loading its dataset)"));
    var now =
        latency(
            snap("+5 min", Scenario.HEALTHY, 40, Level.OK, 0, Map.of()), 2.0, Level.WARN, Map.of());

    var c = Comparison.of(Thresholds.DEFAULTS, Optional.of(before), Optional.of(previous), now);

    assertThat(c.regressions()).isEmpty();
    assertThat(c.rows())
        .contains("— +1 min: latency not measured: PING refused (loading its dataset)");
  }

  @Test
  @DisplayName("a scenario never seen before is new, not back; one seen at the baseline is back")
  void scenarioNewOrBack() {
    var before = snap("before", Scenario.SLOW, 40, Level.OK, 0, Map.of());
    var previous = snap("+1 min", Scenario.HEALTHY, 40, Level.OK, 0, Map.of());
    var oom = snap("+5 min", Scenario.OUT_OF_MEMORY, 40, Level.OK, 0, Map.of());
    var slow = snap("+5 min", Scenario.SLOW, 40, Level.OK, 0, Map.of());

    var fresh = Comparison.of(Thresholds.DEFAULTS, Optional.of(before), Optional.of(previous), oom);
    var back = Comparison.of(Thresholds.DEFAULTS, Optional.of(before), Optional.of(previous), slow);

    assertThat(fresh.regressions()).containsExactly("now B: out of memory");
    assertThat(fresh.verdict(oom)).isEqualTo(Verdict.REGRESSION);
    assertThat(fresh.regressionLevel()).isEqualTo(Level.CRIT);
    assertThat(back.regressions()).containsExactly("scenario back: C: slow or timing out");
  }

  @Test
  @DisplayName("a warn-level regression on a healthy target is titled as a warning, not CRITICAL")
  void warnRegressionSeverity() {
    var before =
        latency(
            snap("before", Scenario.HEALTHY, 40, Level.OK, 0, Map.of()), 0.1, Level.OK, Map.of());
    var now =
        latency(
            snap("+1 min", Scenario.HEALTHY, 40, Level.OK, 0, Map.of()), 2.3, Level.WARN, Map.of());

    var c = Comparison.of(Thresholds.DEFAULTS, Optional.of(before), Optional.empty(), now);

    assertThat(c.regressions()).containsExactly("latency back over its threshold: 2.30 ms ▲");
    assertThat(FollowUpCheck.regressionSeverity(now, c))
        .isEqualTo(dev.incidentbot.chat.Severity.WARN);
  }
}
