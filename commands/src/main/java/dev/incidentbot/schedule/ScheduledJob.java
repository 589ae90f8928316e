package dev.incidentbot.schedule;

import java.time.Instant;

/** A job the scheduler holds, with its id and when it runs next (null when it will not). */
public record ScheduledJob(String id, Job job, Instant nextRun) {}
