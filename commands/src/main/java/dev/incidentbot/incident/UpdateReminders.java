package dev.incidentbot.incident;

import dev.incidentbot.followup.Job;
import dev.incidentbot.followup.ScheduledJob;
import dev.incidentbot.followup.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps one pending reminder per open incident, through the {@link Scheduler} port: due one
 * reminder interval (by severity) after the last stakeholder update, put off by a snooze, and gone
 * when the incident is resolved. The reminder itself is {@link ReminderJobHandler}.
 *
 * <p>Thread-safe as far as the scheduler is.
 */
public final class UpdateReminders {
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
    cancelReminders(incident);
    scheduler.schedule(
        Job.once(
            JOB_TYPE,
            incident.jobGroup(),
            Map.of("incident", incident.id()),
            at,
            "stakeholder update reminder for " + incident.id()));
    return at;
  }

  /** Cancels everything scheduled for the incident: reminders and watches. */
  public int stop(Incident incident) {
    return scheduler.cancelGroup(incident.jobGroup());
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

  private void cancelReminders(Incident incident) {
    for (ScheduledJob job : scheduler.pending(incident.jobGroup())) {
      if (JOB_TYPE.equals(job.job().type())) {
        scheduler.cancel(job.id());
      }
    }
  }
}
