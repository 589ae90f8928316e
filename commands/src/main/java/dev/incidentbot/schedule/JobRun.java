package dev.incidentbot.schedule;

import dev.incidentbot.chat.Place;
import dev.incidentbot.format.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One run of a job, as its handler sees it.
 *
 * @param jobId the scheduler's id for the job
 * @param job what was scheduled
 * @param scheduledFor when this run was due (for a run that stands in for several missed ones: when
 *     the first of them was due)
 * @param startedAt when it actually started
 * @param schedulerStartedAt when the scheduler running it started running jobs, or null when not
 *     known: a run due before then was missed because the bot (its scheduler) was down
 * @param runId names this run among the job's runs, the same when the run is repeated after a crash
 *     (the scheduler recovers a run its instance did not finish): the scheduler's own fire time for
 *     it
 */
public record JobRun(
    String jobId,
    Job job,
    Instant scheduledFor,
    Instant startedAt,
    Instant schedulerStartedAt,
    String runId) {

  public JobRun {
    Objects.requireNonNull(runId, "runId");
  }

  /** A run named by when it was due. */
  public JobRun(
      String jobId, Job job, Instant scheduledFor, Instant startedAt, Instant schedulerStartedAt) {
    this(
        jobId,
        job,
        scheduledFor,
        startedAt,
        schedulerStartedAt,
        Long.toString(scheduledFor.toEpochMilli()));
  }

  /**
   * Runs later than this say so in what they post. The scheduler's own lag stays well under a
   * second (bench/schedule), so this much lateness means the bot was down or overloaded.
   */
  public static final Duration LATE_AFTER = Duration.ofSeconds(2);

  /** A run whose scheduler's start is not known: lateness is reported without a cause. */
  public JobRun(String jobId, Job job, Instant scheduledFor, Instant startedAt) {
    this(jobId, job, scheduledFor, startedAt, null);
  }

  /** How late this run started. */
  public Duration lateness() {
    Duration d = Duration.between(scheduledFor, startedAt);
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** Whether it was due before its scheduler started, so the bot was down when it was due. */
  public boolean missedWhileDown() {
    return schedulerStartedAt != null && scheduledFor.isBefore(schedulerStartedAt);
  }

  /**
   * When this run started more than {@link #LATE_AFTER} late: "late by 4 min: the bot was down"
   * when it was due before the scheduler started, else "late by 5 s: the bot was busy" (every
   * worker thread was taken, or the database was slow).
   */
  public Optional<String> lateNote() {
    Duration late = lateness();
    if (late.compareTo(LATE_AFTER) <= 0) {
      return Optional.empty();
    }
    String by = "late by " + Durations.format(late);
    if (schedulerStartedAt == null) {
      return Optional.of(by);
    }
    return Optional.of(by + (missedWhileDown() ? ": the bot was down" : ": the bot was busy"));
  }

  /**
   * The idempotency key of this run's post {@code what} ({@link
   * dev.incidentbot.chat.Outbox#post(Place, dev.incidentbot.chat.Reply, String)}): a run repeated
   * after a crash, here or on another bot instance, makes the same post with the same key, and the
   * adapter answers the first post instead of making a second.
   */
  public String postKey(String what) {
    return "run." + jobId.replaceAll("[^A-Za-z0-9.-]", "-") + "." + runId + "." + what;
  }

  public String param(String name) {
    return job.params().get(name);
  }

  /** Where the job posts: the channel and thread recorded in its parameters. */
  public Place place() {
    String channel = param(Job.PARAM_CHANNEL);
    if (channel == null) {
      throw new IllegalStateException(
          "job " + jobId + " (" + job.type() + ") has no " + Job.PARAM_CHANNEL + " parameter");
    }
    return new Place(channel, param(Job.PARAM_THREAD));
  }
}
