package dev.incidentbot.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A run someone stopped is titled by who stopped it, with what it did so far; not a failure. */
@DisplayName("Stopped by <who>: the outcome of a run a person stopped")
class StoppedOutcomeTest {

  @Test
  @DisplayName("a purge stopped part-way: 'Stopped by carol after removing …', the count kept")
  void purge() {
    Outcome stopped =
        Outcome.failure("stopped on request after removing 12,000 keys", List.of())
            .stoppedBy("carol");
    assertThat(stopped.headline()).isEqualTo("stopped by carol after removing 12,000 keys");
    assertThat(stopped.stoppedBy()).isEqualTo("carol");
    assertThat(PlanReplies.outcomeTitle(stopped))
        .isEqualTo("Stopped by carol after removing 12,000 keys");
  }

  @Test
  @DisplayName("a runbook script killed on Stop: who first, then what happened")
  void script() {
    Outcome stopped =
        Outcome.failure("restart-worker was killed on request", List.of()).stoppedBy("carol");
    assertThat(stopped.headline())
        .isEqualTo("restart-worker was killed on request (stopped by carol)");
    assertThat(PlanReplies.outcomeTitle(stopped))
        .isEqualTo("Stopped by carol: restart-worker was killed on request");
  }

  @Test
  @DisplayName("a run that finished before it saw the Stop keeps its own outcome")
  void finishedAnyway() {
    Outcome done = Outcome.success("removed 30 keys", List.of()).stoppedBy("carol");
    assertThat(done.stoppedBy()).isEmpty();
    assertThat(PlanReplies.outcomeTitle(done)).isEqualTo("Done: removed 30 keys");
  }
}
