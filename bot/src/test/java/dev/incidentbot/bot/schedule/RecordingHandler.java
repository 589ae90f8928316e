package dev.incidentbot.bot.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.schedule.JobHandler;
import dev.incidentbot.schedule.JobRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** A handler that records its runs, for tests to wait for. */
final class RecordingHandler implements JobHandler {
  private final String type;
  private final List<JobRun> runs = new ArrayList<>();

  RecordingHandler(String type) {
    this.type = type;
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public synchronized void run(JobRun run) {
    runs.add(run);
  }

  synchronized List<JobRun> runs() {
    return List.copyOf(runs);
  }

  /** Waits until at least {@code count} runs were recorded, returning them; fails after timeout. */
  List<JobRun> await(int count, Duration timeout) {
    try {
      Awaitility.await(count + " runs")
          .atMost(timeout)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(10))
          .until(() -> runs().size() >= count);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "expected " + count + " runs, got " + runs().size() + ": " + runs(), e);
    }
    return runs();
  }

  /**
   * Asserts that exactly {@code count} runs are recorded and stay so for {@code during}: time for
   * another run, were one coming.
   */
  void assertRunsStay(int count, Duration during) {
    Awaitility.await("runs to stay at " + count)
        .during(during)
        .atMost(during.plusSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> assertThat(runs()).hasSize(count));
  }
}
