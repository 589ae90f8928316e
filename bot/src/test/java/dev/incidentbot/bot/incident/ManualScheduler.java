package dev.incidentbot.bot.incident;

import dev.incidentbot.schedule.Job;
import dev.incidentbot.schedule.JobHandler;
import dev.incidentbot.schedule.JobRun;
import dev.incidentbot.schedule.ScheduledJob;
import dev.incidentbot.schedule.Scheduler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A scheduler the test fires by hand: {@link #runDue} runs every job due by then. One-offs only.
 */
final class ManualScheduler implements Scheduler {
  private final Map<String, ScheduledJob> jobs = new LinkedHashMap<>();
  private Function<String, JobHandler> handlers = type -> null;
  private int next = 1;

  ManualScheduler handledBy(Function<String, JobHandler> lookup) {
    this.handlers = lookup;
    return this;
  }

  @Override
  public synchronized String schedule(Job job) {
    String id = "job" + next++;
    jobs.put(id, new ScheduledJob(id, job, job.firstAt()));
    return id;
  }

  @Override
  public synchronized void put(String jobId, Job job) {
    jobs.put(jobId, new ScheduledJob(jobId, job, job.firstAt()));
  }

  @Override
  public synchronized boolean cancel(String jobId) {
    return jobs.remove(jobId) != null;
  }

  @Override
  public synchronized int cancelGroup(String group) {
    var ids = jobs.values().stream().filter(j -> j.job().group().equals(group)).toList();
    ids.forEach(j -> jobs.remove(j.id()));
    return ids.size();
  }

  @Override
  public synchronized List<ScheduledJob> pending(String group) {
    return jobs.values().stream()
        .filter(j -> group == null ? !j.job().internal() : Objects.equals(group, j.job().group()))
        .sorted(Comparator.comparing(ScheduledJob::nextRun))
        .toList();
  }

  /** Runs (and removes) every job due at or before {@code now}; returns how many ran. */
  int runDue(Instant now) {
    return runDue(now, null);
  }

  /**
   * Runs (and removes) the jobs of {@code type} (every type but the bot's internal jobs when null)
   * due at or before {@code now}; returns how many ran.
   */
  int runDue(Instant now, String type) {
    List<ScheduledJob> due;
    synchronized (this) {
      due = new ArrayList<>();
      for (ScheduledJob j : jobs.values()) {
        boolean wanted = type == null ? !j.job().internal() : j.job().type().equals(type);
        if (!j.nextRun().isAfter(now) && wanted) {
          due.add(j);
        }
      }
      due.forEach(j -> jobs.remove(j.id()));
    }
    for (ScheduledJob j : due) {
      handlers.apply(j.job().type()).run(new JobRun(j.id(), j.job(), j.nextRun(), now));
    }
    return due.size();
  }
}
