package dev.incidentbot.incident;

import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.format.Durations;
import dev.incidentbot.schedule.JobHandler;
import dev.incidentbot.schedule.JobRun;
import dev.incidentbot.template.Templates;
import dev.incidentbot.timeline.TimelineEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@value UpdateReminders#JOB_TYPE} jobs: when an open incident has had no stakeholder update
 * for its severity's interval, mentions its commander in the incident thread with "Post update"
 * (opens the update form) and "Snooze", having scheduled the next reminder first (so that a Snooze
 * or an update replaces it). A reminder that finds a newer update (it raced with one) only
 * reschedules itself; one that finds the incident resolved meanwhile leaves nothing scheduled.
 *
 * <p>Runs on a scheduler thread; blocks while the chat platform accepts the post.
 */
public final class ReminderJobHandler implements JobHandler {
  private static final Logger log = LoggerFactory.getLogger(ReminderJobHandler.class);
  private static final Duration EARLY_TOLERANCE = Duration.ofSeconds(1);

  private final IncidentStore store;
  private final Outbox outbox;
  private final UpdateReminders reminders;
  private final Clock clock;
  private final ReminderReplies replies;

  /** A handler whose reminders use the built-in template. */
  public ReminderJobHandler(
      IncidentStore store, Outbox outbox, UpdateReminders reminders, Clock clock) {
    this(store, outbox, reminders, clock, new ReminderReplies(new Templates(null)));
  }

  /**
   * @param replies renders the reminder (the {@code update-reminder} template)
   */
  public ReminderJobHandler(
      IncidentStore store,
      Outbox outbox,
      UpdateReminders reminders,
      Clock clock,
      ReminderReplies replies) {
    this.replies = replies;
    this.store = store;
    this.outbox = outbox;
    this.reminders = reminders;
    this.clock = clock;
  }

  @Override
  public String type() {
    return UpdateReminders.JOB_TYPE;
  }

  @Override
  public void run(JobRun run) {
    String id = run.param("incident");
    Optional<Incident> found = id == null ? Optional.empty() : store.find(id);
    if (found.isEmpty() || !found.get().isOpen()) {
      log.info("reminder for {}: incident closed or gone, nothing to do", id);
      return;
    }
    Incident incident = found.get();
    Instant now = clock.instant();
    Instant last = incident.lastUpdate().map(StatusUpdate::at).orElse(incident.declaredAt());
    Duration interval = reminders.interval(incident);
    Duration since = Duration.between(last, now);
    if (since.plus(EARLY_TOLERANCE).compareTo(interval) < 0) {
      keepScheduled(incident, last.plus(interval));
      return;
    }
    // the next one first: a Snooze pressed on this reminder, or an update, then replaces it
    if (!keepScheduled(incident, now.plus(interval))) {
      log.info("reminder for {}: resolved meanwhile, nothing to do", incident.id());
      return;
    }
    var place = incident.thread() != null ? incident.thread() : outbox.place(Outbox.Channel.OPS);
    outbox.post(
        place, reminder(incident, since, interval, run.lateNote()), run.postKey("reminder"));
    store.addEvent(
        incident.id(),
        new TimelineEvent(
            now,
            TimelineEvent.Kind.NOTE,
            "reminder",
            null,
            incident.thread(),
            "Commander "
                + incident.commander().name()
                + " reminded: no stakeholder update for "
                + Durations.format(since.truncatedTo(ChronoUnit.SECONDS))));
    log.info("{}: reminded {} to update stakeholders", incident.id(), incident.commander().name());
  }

  /**
   * Schedules the incident's next reminder at {@code at}; returns false, leaving nothing scheduled,
   * when the incident was resolved meanwhile (its resolve may have cancelled before this put).
   */
  private boolean keepScheduled(Incident incident, Instant at) {
    reminders.remindAt(incident, at);
    if (store.find(incident.id()).map(Incident::isOpen).orElse(false)) {
      return true;
    }
    reminders.cancel(incident);
    return false;
  }

  /** The reminder; a late one says so ("late by 4 min: the bot was down"). */
  private Reply reminder(
      Incident incident, Duration since, Duration interval, Optional<String> lateNote) {
    return replies.render(
        new ReminderNotice(
            incident.id(),
            incident.commander().name(),
            incident.commander().id(),
            incident.severity().toString(),
            Durations.format(since.truncatedTo(ChronoUnit.SECONDS)),
            Durations.format(interval),
            lateNote.orElse(""),
            Durations.format(reminders.snoozeLength())));
  }
}
