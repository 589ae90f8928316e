package dev.incidentbot.bot.schedule;

import dev.incidentbot.bot.config.StoreConfig;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.JdbcJobState;
import dev.incidentbot.schedule.Job;
import dev.incidentbot.schedule.JobHandler;
import dev.incidentbot.schedule.JobRun;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * bench/schedule: schedules N one-off checks on the bot's H2 job store, spread evenly over a window
 * of a few minutes, runs them against a no-op handler and reports the firing lag (when a run
 * started minus when it was due, as the bot's late notes measure it) and the heap. Not a test: run
 * it with {@code bench/schedule/run [count] [spreadSeconds] [threads]}.
 */
public final class ScheduleBench {
  private ScheduleBench() {}

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int spreadSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 180;
    int threads =
        args.length > 2 ? Integer.parseInt(args[2]) : QuartzScheduler.Settings.DEFAULTS.threads();
    PrintStream out = System.out;
    Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    Path dir = Files.createTempDirectory("bench-schedule-");
    long[] lagMillis = new long[count];
    var done = new AtomicInteger();
    var peakHeap = new AtomicLong();
    JobHandler noop =
        new JobHandler() {
          @Override
          public String type() {
            return "bench-check";
          }

          @Override
          public void run(JobRun run) {
            int i = done.getAndIncrement();
            if (i < lagMillis.length) {
              lagMillis[i] = run.lateness().toMillis();
            }
          }
        };
    var settings =
        new QuartzScheduler.Settings(threads, Duration.ofSeconds(60), Duration.ofSeconds(7));
    try (Database db =
            Database.open(new StoreConfig("jdbc:h2:file:" + dir.resolve("bot"), null, null));
        var scheduler =
            new QuartzScheduler(db, List.of(noop), new JdbcJobState(db, clock), clock, settings)) {
      var heap = ManagementFactory.getMemoryMXBean();
      Thread sampler =
          new Thread(
              () -> {
                while (!Thread.currentThread().isInterrupted()) {
                  peakHeap.accumulateAndGet(heap.getHeapMemoryUsage().getUsed(), Math::max);
                  try {
                    Thread.sleep(200);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              });
      sampler.setDaemon(true);
      sampler.start();

      // The checks are stored before the scheduler starts, as after a restart with work pending.
      // Storing takes a while on one connection per statement, so time a sample first and open
      // the firing window a safe lead after the last check will have been stored.
      double perSecond = calibrate(scheduler, clock);
      Instant start = clock.instant().plusMillis((long) (count / perSecond * 1300) + 10_000);
      long stepMicros = spreadSeconds * 1_000_000L / count;
      long t0 = System.nanoTime();
      for (int i = 0; i < count; i++) {
        Instant at = start.plusNanos(i * stepMicros * 1000);
        scheduler.schedule(
            Job.once(
                "bench-check",
                "bench:" + (i % 100),
                Map.of("channel", "ops", "target", "bench"),
                at,
                "bench check " + i));
      }
      double scheduling = (System.nanoTime() - t0) / 1e9;
      out.printf(
          Locale.ROOT,
          "scheduled %d checks in %.1f s (%.0f/s); firing from %s over %d s on %d threads%n",
          count,
          scheduling,
          count / scheduling,
          start,
          spreadSeconds,
          threads);
      if (clock.instant().isAfter(start)) {
        out.println("warning: storing took longer than estimated; the first checks start late");
      }
      scheduler.start();

      long deadline =
          System.nanoTime()
              + Duration.between(clock.instant(), start).plusSeconds(spreadSeconds + 120).toNanos();
      while (done.get() < count && System.nanoTime() < deadline) {
        Thread.sleep(250);
      }
      sampler.interrupt();
      System.gc();
      long afterGc = heap.getHeapMemoryUsage().getUsed();
      int ran = Math.min(done.get(), count);
      long[] lags = Arrays.copyOf(lagMillis, ran);
      Arrays.sort(lags);
      out.printf(Locale.ROOT, "ran %d of %d checks%n", ran, count);
      out.printf(
          Locale.ROOT,
          "firing lag: p50 %d ms, p99 %d ms, max %d ms (target: p99 < 1000 ms)%n",
          percentile(lags, 0.50),
          percentile(lags, 0.99),
          lags.length == 0 ? -1 : lags[lags.length - 1]);
      out.printf(
          Locale.ROOT,
          "heap: peak %.0f MiB used, %.0f MiB after the run and a GC (max %.0f MiB)%n",
          peakHeap.get() / 1048576.0,
          afterGc / 1048576.0,
          Runtime.getRuntime().maxMemory() / 1048576.0);
    }
  }

  /**
   * Stores 500 checks far in the future (the first 200 to warm up), cancels them, and returns how
   * many it stored a second.
   */
  private static double calibrate(QuartzScheduler scheduler, Clock clock) {
    Instant far = clock.instant().plus(Duration.ofDays(1));
    for (int i = 0; i < 200; i++) { // warm-up
      scheduler.schedule(
          Job.once("bench-check", "calibration", Map.of("channel", "ops"), far, "c"));
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < 300; i++) {
      scheduler.schedule(
          Job.once("bench-check", "calibration", Map.of("channel", "ops"), far, "c"));
    }
    double perSecond = 300 / ((System.nanoTime() - t0) / 1e9);
    scheduler.cancelGroup("calibration");
    return perSecond;
  }

  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return -1;
    }
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
