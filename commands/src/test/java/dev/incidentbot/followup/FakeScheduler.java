package dev.incidentbot.followup;

import dev.incidentbot.schedule.Job;
import dev.incidentbot.schedule.JobIds;
import dev.incidentbot.schedule.ScheduledJob;
import dev.incidentbot.schedule.Scheduler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A scheduler that only remembers what it was given, for command tests. */
final class FakeScheduler implements Scheduler {
  final Map<String, Job> jobs = new LinkedHashMap<>();

  @Override
  public String schedule(Job job) {
    String id = JobIds.random();
    jobs.put(id, job);
    return id;
  }

  @Override
  public void put(String jobId, Job job) {
    jobs.put(jobId, job);
  }

  @Override
  public boolean cancel(String jobId) {
    return jobs.remove(jobId) != null;
  }

  @Override
  public int cancelGroup(String group) {
    var ids =
        jobs.entrySet().stream()
            .filter(e -> e.getValue().group().equals(group))
            .map(Map.Entry::getKey)
            .toList();
    ids.forEach(jobs::remove);
    return ids.size();
  }

  @Override
  public List<ScheduledJob> pending(String group) {
    var out = new ArrayList<ScheduledJob>();
    jobs.forEach(
        (id, job) -> {
          if (group == null ? !job.internal() : job.group().equals(group)) {
            out.add(new ScheduledJob(id, job, job.firstAt()));
          }
        });
    out.sort(
        Comparator.comparing(
            ScheduledJob::nextRun, Comparator.nullsFirst(Comparator.naturalOrder())));
    return out;
  }
}
