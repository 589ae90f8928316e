package dev.incidentbot.recovery;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steps that write an action's end to the bot's database (its outcome, audit row, lock release),
 * run in order; when one fails (the database is down), it and the ones after it are retried on a
 * thread of their own with backoff ({@link #FIRST_RETRY} doubling up to {@link #LAST_RETRY}) until
 * they all go through or the process ends. Thread-safe.
 */
final class RetriedSteps {
  static final Duration FIRST_RETRY = Duration.ofMillis(500);
  static final Duration LAST_RETRY = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(RetriedSteps.class);

  /** One write, named for the log ("record the outcome"). */
  record Step(String what, Runnable run) {}

  private final ScheduledExecutorService retries =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "outcome-retry");
            t.setDaemon(true);
            return t;
          });

  /**
   * Runs {@code steps} in order now; what fails is retried in the background.
   *
   * @param subject what the steps record, for the log ("target main: plan 3f9a… (/redis purge …)")
   * @return null when every step went through now, else the failure that left some for later
   */
  RuntimeException run(String subject, List<Step> steps) {
    Deque<Step> left = new ArrayDeque<>(steps);
    RuntimeException failed = runSteps(left);
    if (failed != null) {
      log.error(
          "{}: could not {}; retrying until the database takes it",
          subject,
          left.peek().what(),
          failed);
      retry(subject, left, FIRST_RETRY);
    }
    return failed;
  }

  /** Runs the steps in order, removing each that went through; the first failure, or null. */
  private static RuntimeException runSteps(Deque<Step> steps) {
    while (!steps.isEmpty()) {
      try {
        steps.peek().run().run();
      } catch (RuntimeException e) {
        return e;
      }
      steps.poll();
    }
    return null;
  }

  private void retry(String subject, Deque<Step> steps, Duration wait) {
    retries.schedule(
        () -> {
          RuntimeException failed = runSteps(steps);
          if (failed == null) {
            log.info("{}: recorded now", subject);
            return;
          }
          log.warn("{}: still cannot {}: {}", subject, steps.peek().what(), failed.getMessage());
          Duration next = wait.multipliedBy(2);
          retry(subject, steps, next.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : next);
        },
        wait.toMillis(),
        TimeUnit.MILLISECONDS);
  }
}
