package dev.incidentbot.bot.schedule;

import dev.incidentbot.schedule.Job;
import dev.incidentbot.schedule.JobHandler;
import dev.incidentbot.schedule.JobRun;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Quartz job class: reads the {@link Job} back from the job data, works out when the run
 * was due ({@link RunTiming}) and calls the {@link JobHandler} registered for its type. A failing
 * handler is logged with the job id and target and does not stop later runs.
 *
 * <p>Stateless and shared by all of Quartz's worker threads. Not concurrent per job: a repeating
 * check that outlasts its interval delays the next run instead of overlapping it.
 */
@DisallowConcurrentExecution
final class HandlerJob implements org.quartz.Job {
  private static final Logger log = LoggerFactory.getLogger(HandlerJob.class);

  private final Map<String, JobHandler> handlers;
  private final Clock clock;
  private final Supplier<Instant> schedulerStartedAt;

  /**
   * @param schedulerStartedAt when the scheduler started running jobs, for the late note
   */
  HandlerJob(Map<String, JobHandler> handlers, Clock clock, Supplier<Instant> schedulerStartedAt) {
    this.handlers = handlers;
    this.clock = clock;
    this.schedulerStartedAt = schedulerStartedAt;
  }

  @Override
  public void execute(JobExecutionContext context) {
    String id = context.getJobDetail().getKey().getName();
    Job job = JobCodec.job(context.getJobDetail());
    Optional<Instant> recovered = recovered(context);
    // the run's id: Quartz's fire time for it, that of the run it repeats when recovering
    Instant firedFor = recovered.orElse(context.getScheduledFireTime().toInstant());
    Instant scheduledFor =
        recovered.orElseGet(
            () ->
                RunTiming.scheduledFor(
                    job,
                    context.getScheduledFireTime(),
                    context.getPreviousFireTime(),
                    context.getTrigger().getStartTime()));
    var run =
        new JobRun(
            id,
            job,
            scheduledFor,
            clock.instant(),
            schedulerStartedAt.get(),
            Long.toString(firedFor.toEpochMilli()));
    JobHandler handler = handlers.get(job.type());
    String target = job.params().getOrDefault(Job.PARAM_TARGET, "-");
    if (handler == null) {
      log.error(
          "job {} (group {}, target {}) has type {}, which no handler runs; known: {}",
          id,
          job.group(),
          target,
          job.type(),
          handlers.keySet());
      return;
    }
    try {
      handler.run(run);
      log.debug("job {} ({}, target {}) ran {} late", id, job.type(), target, run.lateness());
    } catch (RuntimeException e) {
      log.error("job {} ({}, target {}) failed", id, job.type(), target, e);
    }
  }

  /**
   * For a run the scheduler recovers (its instance died while running it; the job requests
   * recovery, {@link JobCodec}): when the run it repeats was due, which Quartz keeps in the
   * recovering trigger's data. Empty for any other run.
   */
  private static Optional<Instant> recovered(JobExecutionContext context) {
    if (!context.isRecovering()) {
      return Optional.empty();
    }
    String millis =
        context
            .getMergedJobDataMap()
            .getString(
                org.quartz.Scheduler
                    .FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS);
    return millis == null
        ? Optional.empty()
        : Optional.of(Instant.ofEpochMilli(Long.parseLong(millis)));
  }
}
