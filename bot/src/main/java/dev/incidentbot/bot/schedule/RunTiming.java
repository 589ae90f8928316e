package dev.incidentbot.bot.schedule;

import dev.incidentbot.schedule.Job;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import org.quartz.CronExpression;

/**
 * When a run was really due. Quartz reports a misfired run's scheduled time as the moment it
 * rescheduled it (now), which would hide how late it is; the job's own schedule and the previous
 * fire time give the time the first missed run was due. Pure.
 */
final class RunTiming {
  private RunTiming() {}

  /**
   * @param job the job as scheduled
   * @param scheduledFireTime Quartz's scheduled time for this run
   * @param previousFireTime Quartz's scheduled time of the run before, or null
   * @param triggerStart the trigger's start time (cron jobs: when they were scheduled)
   */
  static Instant scheduledFor(
      Job job, Date scheduledFireTime, Date previousFireTime, Date triggerStart) {
    Instant quartz = scheduledFireTime.toInstant();
    Instant planned = planned(job, previousFireTime, triggerStart);
    return planned != null && planned.isBefore(quartz) ? planned : quartz;
  }

  private static Instant planned(Job job, Date previous, Date triggerStart) {
    if (job.cron() != null) {
      Date after = previous != null ? previous : new Date(triggerStart.getTime() - 1000);
      try {
        var cron = new CronExpression(job.cron());
        cron.setTimeZone(JobCodec.CRON_ZONE);
        Date next = cron.getTimeAfter(after);
        return next == null ? null : next.toInstant();
      } catch (ParseException e) {
        return null;
      }
    }
    if (job.every() != null && previous != null) {
      return previous.toInstant().plus(job.every());
    }
    return job.firstAt();
  }
}
