package dev.incidentbot.bot.discord;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The work the adapter has handed to the worker pool and not yet finished, by description, so that
 * shutting down can wait for it and name whatever could not finish. Thread-safe.
 */
final class InFlight {
  private final ExecutorService workers;
  private final Map<Long, String> running = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  InFlight(ExecutorService workers) {
    this.workers = workers;
  }

  /**
   * Runs {@code work} on the worker pool.
   *
   * @throws java.util.concurrent.RejectedExecutionException when the pool is shut down
   */
  void run(String what, Runnable work) {
    long id = ids.incrementAndGet();
    running.put(id, what);
    try {
      workers.execute(
          () -> {
            try {
              work.run();
            } finally {
              running.remove(id);
            }
          });
    } catch (RuntimeException e) {
      running.remove(id);
      throw e;
    }
  }

  /** Waits up to {@code timeout} for running work; returns what is still running then. */
  List<String> awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!running.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    return List.copyOf(running.values());
  }
}
