package dev.incidentbot.incident;

import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.chat.UserRef;
import dev.incidentbot.timeline.TimelineEvent;

/**
 * {@code /incident assign [incident:] user:}: hands the incident to another commander, who is
 * mentioned in the incident's thread and receives its reminders from then on.
 */
public final class AssignIncidentCommand implements Command {
  private final IncidentLookup lookup;
  private final IncidentStore store;
  private final Outbox outbox;
  private final IncidentSettings settings;

  public AssignIncidentCommand(
      IncidentLookup lookup, IncidentStore store, Outbox outbox, IncidentSettings settings) {
    this.lookup = lookup;
    this.store = store;
    this.outbox = outbox;
    this.settings = settings;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "incident assign",
        "make someone else the incident commander",
        settings.assignRole(),
        OptionSpec.text(IncidentLookup.OPTION, "incident id, like INC-42", false),
        OptionSpec.user("user", "the new commander", true));
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    Incident incident = lookup.requireOpen(request);
    UserRef next = UserRef.parse(request.requireOption("user"));
    UserRef before = incident.commander();
    if (before.id().equals(next.id())) {
      return Reply.text(next.name() + " already commands " + incident.id() + ".");
    }
    store.setCommander(incident.id(), next);
    String text =
        "Commander of "
            + incident.id()
            + ": "
            + before.name()
            + " → "
            + next.name()
            + " (by "
            + request.actor().name()
            + ")";
    store.addEvent(
        incident.id(),
        new TimelineEvent(
            request.at(),
            TimelineEvent.Kind.NOTE,
            request.actor().name(),
            null,
            incident.thread(),
            text));
    if (incident.thread() != null) {
      outbox.post(
          incident.thread(),
          Reply.builder(next.name() + " now commands " + incident.id())
              .text(text + ". Stakeholder update reminders go to " + next.name() + " from now on.")
              .mention(next.id())
              .build());
    }
    return Reply.builder(incident.id() + " handed to " + next.name()).severity(Severity.OK).build();
  }
}
