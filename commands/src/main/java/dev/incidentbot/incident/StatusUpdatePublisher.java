package dev.incidentbot.incident;

import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Outbox.Channel;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.timeline.TimelineEvent;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts a stakeholder update: renders it from the template, stores it with the exact text
 * plain-text outlets get, posts it to the stakeholder channel and mirrors it in the incident's
 * thread, hands it to the other outlets (webhooks), records it in the timeline, and moves the next
 * reminder (or, for the Resolved update, cancels everything scheduled for the incident).
 *
 * <p>Thread-safe; called on a command's worker thread. Blocks while the chat platform accepts the
 * posts; outlets deliver in the background.
 */
public final class StatusUpdatePublisher {
  private static final Logger log = LoggerFactory.getLogger(StatusUpdatePublisher.class);

  private final IncidentStore store;
  private final StatusUpdateRenderer renderer;
  private final Outbox outbox;
  private final StakeholderOutlet outlet;
  private final UpdateReminders reminders;

  public StatusUpdatePublisher(
      IncidentStore store,
      StatusUpdateRenderer renderer,
      Outbox outbox,
      StakeholderOutlet outlet,
      UpdateReminders reminders) {
    this.store = store;
    this.renderer = renderer;
    this.outbox = outbox;
    this.outlet = outlet;
    this.reminders = reminders;
  }

  /** What was posted, and when the next update is due (null once resolved). */
  public record Published(Incident incident, StatusUpdateMessage message, Instant nextDue) {}

  /**
   * Posts {@code update} for {@code incident}.
   *
   * @param incident the incident as it is before this update
   */
  public Published publish(Incident incident, StatusUpdate update) {
    StatusUpdateMessage message = renderer.render(incident, update, update.at());
    store.addUpdate(incident.id(), update.withRendered(message.text()));
    Incident after = store.find(incident.id()).orElseThrow();
    Reply reply = message.reply();
    outbox.post(outbox.place(Channel.STAKEHOLDERS), reply);
    if (after.thread() != null) {
      outbox.post(after.thread(), reply);
    }
    outlet.publish(after, update, message);
    store.addEvent(
        after.id(),
        new TimelineEvent(
            update.at(),
            TimelineEvent.Kind.STATUS_UPDATE,
            update.author(),
            null,
            after.thread(),
            "Stakeholder update #"
                + after.updates().size()
                + ": "
                + update.status().label()
                + " — "
                + update.impact()));
    log.info(
        "{}: stakeholder update #{} ({})", after.id(), after.updates().size(), update.status());
    if (!after.isOpen()) {
      reminders.stop(after);
      return new Published(after, message, null);
    }
    return new Published(after, message, reminders.afterUpdate(after, update.at()));
  }
}
