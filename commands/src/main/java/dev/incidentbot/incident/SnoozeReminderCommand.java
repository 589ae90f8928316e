package dev.incidentbot.incident;

import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.format.Durations;
import dev.incidentbot.timeline.TimelineEvent;
import java.time.Instant;

/** The reminder's "Snooze" button (hidden {@code /incident snooze}): puts the reminder off. */
public final class SnoozeReminderCommand implements Command {
  private final IncidentLookup lookup;
  private final IncidentStore store;
  private final UpdateReminders reminders;
  private final IncidentSettings settings;

  public SnoozeReminderCommand(
      IncidentLookup lookup,
      IncidentStore store,
      UpdateReminders reminders,
      IncidentSettings settings) {
    this.lookup = lookup;
    this.store = store;
    this.reminders = reminders;
    this.settings = settings;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.hidden(
        "incident snooze",
        settings.updateRole(),
        OptionSpec.text(IncidentLookup.OPTION, "incident id", true));
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    Incident incident = lookup.requireOpen(request);
    Instant due = reminders.snooze(incident, request.at());
    String text =
        "Reminder snoozed for "
            + Durations.format(reminders.snoozeLength())
            + " by "
            + request.actor().name()
            + "; next at "
            + StatusUpdateModel.iso(due);
    store.addEvent(
        incident.id(),
        new TimelineEvent(
            request.at(),
            TimelineEvent.Kind.NOTE,
            request.actor().name(),
            null,
            incident.thread(),
            text));
    return Reply.text(incident.id() + ": " + text + ".");
  }
}
