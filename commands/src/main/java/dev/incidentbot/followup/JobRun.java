package dev.incidentbot.followup;

import dev.incidentbot.chat.Place;
import dev.incidentbot.redis.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One run of a job, as its handler sees it.
 *
 * @param jobId the scheduler's id for the job
 * @param job what was scheduled
 * @param scheduledFor when this run was due (for a run that stands in for several missed ones: when
 *     the first of them was due)
 * @param startedAt when it actually started; much later means the bot was down
 */
public record JobRun(String jobId, Job job, Instant scheduledFor, Instant startedAt) {

  /**
   * Runs later than this say so in what they post. The scheduler's own lag stays well under a
   * second (bench/schedule), so this much lateness means the bot was down or overloaded.
   */
  public static final Duration LATE_AFTER = Duration.ofSeconds(2);

  /** How late this run started. */
  public Duration lateness() {
    Duration d = Duration.between(scheduledFor, startedAt);
    return d.isNegative() ? Duration.ZERO : d;
  }

  /**
   * "late by 4 min: the bot was down", when this run started more than {@link #LATE_AFTER} late.
   */
  public Optional<String> lateNote() {
    Duration late = lateness();
    if (late.compareTo(LATE_AFTER) <= 0) {
      return Optional.empty();
    }
    return Optional.of("late by " + Durations.format(late) + ": the bot was down");
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
