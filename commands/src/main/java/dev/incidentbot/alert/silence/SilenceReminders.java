package dev.incidentbot.alert.silence;

import dev.incidentbot.schedule.Job;
import dev.incidentbot.schedule.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;

/**
 * Schedules the warning before a silence ends ({@value #JOB_TYPE} jobs, one per silence under a
 * fixed id, so an extension moves it and an expiry cancels it). A silence no longer than the
 * warning time is warned about half-way. Thread-safe.
 */
public final class SilenceReminders {
  public static final String JOB_TYPE = "silence-ending";
  static final String PARAM_SILENCE = "silence";

  private final Scheduler scheduler;
  private final Duration before;
  private final Clock clock;

  /**
   * @param before how long before a silence ends the thread is warned (alerts.silenceWarning)
   */
  public SilenceReminders(Scheduler scheduler, Duration before, Clock clock) {
    this.scheduler = scheduler;
    this.before = before;
    this.clock = clock;
  }

  public Duration before() {
    return before;
  }

  /** Schedules (or moves) the warning of {@code s}. */
  public void schedule(SilenceRecord s) {
    Instant now = clock.instant();
    Instant at = s.endsAt().minus(before);
    Instant halfway = now.plus(Duration.between(now, s.endsAt()).dividedBy(2));
    if (at.isBefore(halfway)) {
      at = halfway;
    }
    var params = new HashMap<>(Job.placeParams(s.thread()));
    params.put(PARAM_SILENCE, s.id());
    scheduler.put(
        jobId(s.id()),
        Job.once(
            JOB_TYPE,
            "silence:" + s.id(),
            params,
            at,
            "warn before silence " + s.id() + " (" + s.groupName() + ") ends"));
  }

  /** Cancels the warning of silence {@code id}. */
  public void cancel(String id) {
    scheduler.cancel(jobId(id));
  }

  static String jobId(String silenceId) {
    return "silence-" + silenceId;
  }
}
