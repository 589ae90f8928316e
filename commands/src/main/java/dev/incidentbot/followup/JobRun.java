package dev.incidentbot.followup;

import java.time.Duration;
import java.time.Instant;

/**
 * One run of a job, as its handler sees it.
 *
 * @param jobId the scheduler's id for the job
 * @param job what was scheduled
 * @param scheduledFor when this run was due
 * @param startedAt when it actually started; much later means the bot was down
 */
public record JobRun(String jobId, Job job, Instant scheduledFor, Instant startedAt) {

  /** How late this run started. */
  public Duration lateness() {
    Duration d = Duration.between(scheduledFor, startedAt);
    return d.isNegative() ? Duration.ZERO : d;
  }

  public String param(String name) {
    return job.params().get(name);
  }
}
