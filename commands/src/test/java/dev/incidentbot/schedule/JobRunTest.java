package dev.incidentbot.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Late notes: down when due before the scheduler started, busy when it was running")
class JobRunTest {
  private static final Instant DUE = Instant.parse("2026-03-01T10:00:00Z");
  private static final Job JOB = Job.once("t", "g", Map.of("channel", "ops"), DUE, "t");

  private static JobRun run(long lateSeconds, Instant schedulerStarted) {
    return new JobRun("j1", JOB, DUE, DUE.plusSeconds(lateSeconds), schedulerStarted);
  }

  @Test
  @DisplayName("on time or within 2 s: no note")
  void onTime() {
    assertThat(run(0, DUE.minusSeconds(60)).lateNote()).isEmpty();
    assertThat(run(2, DUE.minusSeconds(60)).lateNote()).isEmpty();
  }

  @Test
  @DisplayName("due before the scheduler started: the bot was down")
  void down() {
    JobRun late = run(240, DUE.plusSeconds(235));
    assertThat(late.missedWhileDown()).isTrue();
    assertThat(late.lateNote()).contains("late by 4 min: the bot was down");
  }

  @Test
  @DisplayName("due while the scheduler ran, started late anyway: the bot was busy")
  void busy() {
    JobRun late = run(5, DUE.minusSeconds(3600));
    assertThat(late.missedWhileDown()).isFalse();
    assertThat(late.lateNote()).contains("late by 5 s: the bot was busy");
  }

  @Test
  @DisplayName("the scheduler's start unknown: how late, no cause claimed")
  void unknown() {
    assertThat(new JobRun("j1", JOB, DUE, DUE.plusSeconds(5)).lateNote()).contains("late by 5 s");
  }
}
