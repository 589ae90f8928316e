package dev.incidentbot.bot.schedule;

import dev.incidentbot.schedule.JobHandler;
import dev.incidentbot.schedule.JobRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
    notifyAll();
  }

  synchronized List<JobRun> runs() {
    return List.copyOf(runs);
  }

  synchronized List<JobRun> await(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (runs.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("expected " + count + " runs, got " + runs.size() + ": " + runs);
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return List.copyOf(runs);
  }
}
