package dev.incidentbot.incident;

import dev.incidentbot.schedule.Job;
import dev.incidentbot.schedule.ScheduledJob;
import dev.incidentbot.schedule.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one pending reminder per open incident, through the {@link Scheduler} port: due one
 * reminder interval (by severity) after the last stakeholder update, put off by a snooze, and gone
 * when the incident is resolved. The reminder itself is {@link ReminderJobHandler}.
 *
 * <p>The reminder has a fixed job id per incident ({@link #jobId}) and is replaced in one step
 * ({@link Scheduler#put}), never cancelled and scheduled anew: an update, a snooze and a reminder
 * rescheduling itself can happen at the same moment (on several bot instances too), and each simply
 * leaves the latest time in place.
 *
 * <p>Thread-safe as far as the scheduler is.
 */
public final class UpdateReminders {
  private static final Logger log = LoggerFactory.getLogger(UpdateReminders.class);

  /** The job type of reminders. */
  public static final String JOB_TYPE = "incident-reminder";

  private final Scheduler scheduler;
  private final IncidentSettings settings;

  public UpdateReminders(Scheduler scheduler, IncidentSettings settings) {
    this.scheduler = scheduler;
    this.settings = settings;
  }

  /** After an update at {@code at}: the next reminder is due one interval later. */
  public Instant afterUpdate(Incident incident, Instant at) {
    return remindAt(incident, at.plus(interval(incident)));
  }

  /** Puts the reminder off by the configured snooze, from {@code now}. */
  public Instant snooze(Incident incident, Instant now) {
    return remindAt(incident, now.plus(settings.snooze()));
  }

  /** Replaces the incident's pending reminder with one at {@code at}. */
  public Instant remindAt(Incident incident, Instant at) {
    scheduler.put(
        jobId(incident),
        Job.once(
            JOB_TYPE,
            incident.jobGroup(),
            Map.of("incident", incident.id()),
            at,
            "stakeholder update reminder for " + incident.id()));
    return at;
  }

  /**
   * Cancels everything scheduled for the incident: reminders and watches. A job that finishes or
   * reschedules itself while this runs can make the scheduler refuse once; the second attempt finds
   * it settled.
   */
  public int stop(Incident incident) {
    try {
      return scheduler.cancelGroup(incident.jobGroup());
    } catch (IllegalStateException raced) {
      log.info("{}: cancelling its jobs raced with one of them; once more", incident.id());
      return scheduler.cancelGroup(incident.jobGroup());
    }
  }

  /** Cancels the incident's pending reminder, if there is one; see {@link #stop} on races. */
  public void cancel(Incident incident) {
    try {
      scheduler.cancel(jobId(incident));
    } catch (IllegalStateException raced) {
      log.info("{}: cancelling its reminder raced with it; once more", incident.id());
      scheduler.cancel(jobId(incident));
    }
  }

  /** The reminder's job id: one per incident, {@code reminder-inc-42}. */
  static String jobId(Incident incident) {
    return "reminder-" + incident.id().toLowerCase(Locale.ROOT);
  }

  /** When the next reminder is due, if one is pending. */
  public Optional<Instant> next(Incident incident) {
    return scheduler.pending(incident.jobGroup()).stream()
        .filter(j -> JOB_TYPE.equals(j.job().type()))
        .map(ScheduledJob::nextRun)
        .filter(java.util.Objects::nonNull)
        .findFirst();
  }

  public Duration interval(Incident incident) {
    return settings.reminderInterval(incident.severity());
  }

  public Duration snoozeLength() {
    return settings.snooze();
  }
}
