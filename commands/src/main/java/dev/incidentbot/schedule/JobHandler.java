package dev.incidentbot.schedule;

/**
 * Runs the jobs of one type. Called on a scheduler thread, never a chat thread; may block up to the
 * targets' timeouts. Posts its results through the Outbox at the place recorded in the job.
 */
public interface JobHandler {

  /** The job type this handler runs ({@link Job#type()}). */
  String type();

  void run(JobRun run);
}
