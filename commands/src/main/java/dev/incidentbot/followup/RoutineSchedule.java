package dev.incidentbot.followup;

import dev.incidentbot.schedule.Job;
import dev.incidentbot.schedule.Scheduler;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the scheduled routine checks equal to the configuration: one {@value RoutineCheck#TYPE} job
 * per configured target with its cron, under the fixed id {@code routine-<target>}. A job whose
 * cron did not change is left alone, so a run missed while the bot was down still runs late after a
 * restart; changed ones are replaced and ones no longer configured are cancelled. Safe to run on
 * several bot instances at once: every change is a replace under a fixed id.
 */
public final class RoutineSchedule {
  private static final Logger log = LoggerFactory.getLogger(RoutineSchedule.class);

  private final Scheduler scheduler;

  public RoutineSchedule(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  /** The routine-check job for {@code target} on {@code cron}, posting to the ops channel. */
  public static Job job(String target, String cron) {
    return Job.cron(
        RoutineCheck.TYPE,
        RoutineCheck.GROUP,
        Map.of(Job.PARAM_TARGET, target),
        cron,
        "routine check of " + target + " (" + cron + ")");
  }

  /** Brings the scheduled routine checks in line with {@code cronByTarget}. */
  public void apply(Map<String, String> cronByTarget) {
    Map<String, Job> scheduled = new HashMap<>();
    scheduler.pending(RoutineCheck.GROUP).forEach(s -> scheduled.put(s.id(), s.job()));
    for (var e : cronByTarget.entrySet()) {
      String id = RoutineCheck.jobId(e.getKey());
      Job wanted = job(e.getKey(), e.getValue());
      if (!wanted.equals(scheduled.get(id))) {
        scheduler.put(id, wanted);
        log.info("routine check of {} scheduled: {}", e.getKey(), e.getValue());
      }
    }
    Set<String> wantedIds =
        cronByTarget.keySet().stream().map(RoutineCheck::jobId).collect(Collectors.toSet());
    for (String id : scheduled.keySet()) {
      if (!wantedIds.contains(id)) {
        scheduler.cancel(id);
        log.info("routine check {} cancelled: no longer configured", id);
      }
    }
  }
}
