package dev.incidentbot.followup;

import java.util.List;

/**
 * Port: schedules jobs that survive a bot restart and run once even with several bot instances. The
 * bot implements it with Quartz and a JDBC job store in its own database. Thread-safe.
 */
public interface Scheduler {

  /** Schedules {@code job} and returns its id. */
  String schedule(Job job);

  /** Cancels one job; false when there is no such job. */
  boolean cancel(String jobId);

  /** Cancels every job of {@code group}; returns how many. */
  int cancelGroup(String group);

  /** The pending jobs of {@code group}, or of every group when null, soonest first. */
  List<ScheduledJob> pending(String group);
}
