package dev.incidentbot.incident;

import dev.incidentbot.chat.Action;
import dev.incidentbot.chat.Button;
import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import java.time.Duration;
import java.time.Instant;

/** {@code /incident show [incident:]}: where an incident stands, and its last update as sent. */
public final class ShowIncidentCommand implements Command {
  private final IncidentLookup lookup;
  private final StatusUpdateRenderer renderer;
  private final UpdateReminders reminders;

  public ShowIncidentCommand(
      IncidentLookup lookup, StatusUpdateRenderer renderer, UpdateReminders reminders) {
    this.lookup = lookup;
    this.renderer = renderer;
    this.reminders = reminders;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "incident show",
        "an incident's status, commander and last update",
        Roles.VIEWER,
        OptionSpec.text(IncidentLookup.OPTION, "incident id, like INC-42", false));
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    Incident incident = lookup.require(request);
    Instant end = incident.resolvedAt() == null ? request.at() : incident.resolvedAt();
    var reply =
        Reply.builder(incident.headline())
            .severity(StatusUpdateRenderer.colour(incident.severity(), incident.status()))
            .inlineField("Commander", incident.commander().name())
            .inlineField("Targets", String.join(", ", incident.targets()))
            .inlineField("Affected services", String.join(", ", renderer.services(incident)))
            .inlineField("Started", StatusUpdateModel.iso(incident.startedAt()))
            .inlineField(
                incident.isOpen() ? "Open for" : "Lasted",
                StatusUpdateModel.human(Duration.between(incident.startedAt(), end)))
            .inlineField("Updates", String.valueOf(incident.updates().size()));
    if (incident.isOpen()) {
      reply.inlineField(
          "Next update due", reminders.next(incident).map(StatusUpdateModel::iso).orElse("—"));
      reply.button(
          "Post update",
          Button.Style.PRIMARY,
          Action.of("incident update", IncidentLookup.OPTION, incident.id()));
    }
    reply.button(
        "Timeline",
        Button.Style.SECONDARY,
        Action.of("incident timeline", IncidentLookup.OPTION, incident.id()));
    incident
        .lastUpdate()
        .ifPresent(u -> reply.code("", u.rendered().isEmpty() ? u.summary() : u.rendered()));
    return reply.build();
  }
}
