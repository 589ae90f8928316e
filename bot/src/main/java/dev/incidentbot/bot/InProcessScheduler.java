package dev.incidentbot.bot;

import dev.incidentbot.followup.Job;
import dev.incidentbot.followup.JobHandler;
import dev.incidentbot.followup.JobRun;
import dev.incidentbot.followup.ScheduledJob;
import dev.incidentbot.followup.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Scheduler} in this process's memory, for one-off and repeating jobs (not cron): what the
 * console runs with until the Quartz scheduler with its JDBC job store (issue 5) is wired in its
 * place. Jobs do not survive a restart and are not shared between instances.
 *
 * <p>Thread-safe. Handlers run on the given executor's threads.
 */
public final class InProcessScheduler implements Scheduler {
  private static final Logger log = LoggerFactory.getLogger(InProcessScheduler.class);

  private final ScheduledExecutorService executor;
  private final Function<String, JobHandler> handlers;
  private final Clock clock;
  private final Map<String, Entry> jobs = new ConcurrentHashMap<>();

  public InProcessScheduler(
      ScheduledExecutorService executor, Function<String, JobHandler> handlers, Clock clock) {
    this.executor = executor;
    this.handlers = handlers;
    this.clock = clock;
  }

  private record Entry(Job job, Instant nextRun, ScheduledFuture<?> future) {}

  @Override
  public String schedule(Job job) {
    String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    put(id, job);
    return id;
  }

  /** Schedules {@code job} under {@code jobId}, replacing the job that has it. */
  public void put(String jobId, Job job) {
    if (job.cron() != null) {
      throw new IllegalArgumentException("cron jobs need the Quartz scheduler");
    }
    cancel(jobId);
    arm(jobId, job, job.firstAt());
  }

  private void arm(String id, Job job, Instant at) {
    long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
    ScheduledFuture<?> future =
        executor.schedule(() -> fire(id, job, at), delay, TimeUnit.MILLISECONDS);
    jobs.put(id, new Entry(job, at, future));
  }

  private void fire(String id, Job job, Instant due) {
    Entry entry = jobs.get(id);
    if (entry == null || entry.job() != job) {
      return;
    }
    Instant next = job.every() == null ? null : due.plus(job.every());
    if (next == null || (job.until() != null && next.isAfter(job.until()))) {
      jobs.remove(id, entry);
    } else {
      arm(id, job, next);
    }
    JobHandler handler = handlers.apply(job.type());
    if (handler == null) {
      log.error("no handler for job type {} (job {})", job.type(), id);
      return;
    }
    try {
      handler.run(new JobRun(id, job, due, clock.instant()));
    } catch (RuntimeException e) {
      log.error("job {} ({}) failed", id, job.description(), e);
    }
  }

  @Override
  public boolean cancel(String jobId) {
    Entry entry = jobs.remove(jobId);
    if (entry == null) {
      return false;
    }
    entry.future().cancel(false);
    return true;
  }

  @Override
  public int cancelGroup(String group) {
    int n = 0;
    for (var e : List.copyOf(jobs.entrySet())) {
      if (e.getValue().job().group().equals(group) && cancel(e.getKey())) {
        n++;
      }
    }
    return n;
  }

  @Override
  public List<ScheduledJob> pending(String group) {
    return jobs.entrySet().stream()
        .filter(e -> group == null || Objects.equals(group, e.getValue().job().group()))
        .map(e -> new ScheduledJob(e.getKey(), e.getValue().job(), e.getValue().nextRun()))
        .sorted(Comparator.comparing(ScheduledJob::nextRun))
        .toList();
  }
}
