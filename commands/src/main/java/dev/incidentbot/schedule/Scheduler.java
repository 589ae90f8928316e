package dev.incidentbot.schedule;

import java.util.List;

/**
 * Port: schedules jobs that survive a bot restart and run once even with several bot instances. The
 * bot implements it with Quartz and a JDBC job store in its own database. Thread-safe.
 *
 * <p>Job ids are short, lowercase and safe to type ({@code /followup cancel id:k3v9q2m4}).
 */
public interface Scheduler extends AutoCloseable {

  /** Schedules {@code job} under a new id and returns the id. */
  String schedule(Job job);

  /**
   * Schedules {@code job} under a fixed id, replacing the job that has it: for jobs the bot keeps
   * exactly one of, such as a target's routine check. Idempotent across bot instances.
   */
  void put(String jobId, Job job);

  /** Cancels one job; false when there is no such job. */
  boolean cancel(String jobId);

  /** Cancels every job of {@code group}; returns how many. */
  int cancelGroup(String group);

  /**
   * The pending jobs of {@code group}, or of every group but {@link Job#INTERNAL_GROUP} when null,
   * soonest first.
   */
  List<ScheduledJob> pending(String group);

  /** Starts running jobs (those missed while the bot was down first). Nothing runs before. */
  default void start() {}

  /** Whether jobs run now: started and not stopped (for {@code /healthz}). */
  default boolean running() {
    return true;
  }

  /** Stops running jobs, waiting for those under way; scheduled ones stay for the next start. */
  @Override
  default void close() {}
}
