package dev.incidentbot.followup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.followup.Comparison.Verdict;
import dev.incidentbot.redis.Finding.Level;
import dev.incidentbot.redis.Scenario;
import dev.incidentbot.redis.Thresholds;
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
        queues);
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
}
