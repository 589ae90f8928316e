package dev.incidentbot.incident;

import dev.incidentbot.audit.AuditLog;
import dev.incidentbot.chat.Attachment;
import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.format.Counts;
import dev.incidentbot.timeline.TimelineEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;

/**
 * {@code /incident timeline [incident:]}: the timeline as a Markdown file: alerts, commands,
 * confirmations, action outcomes, follow-up results and stakeholder updates, with who and when;
 * and, from the audit log, what was done to its targets after it started but before it was
 * declared, marked as such ({@link BeforeDeclaration}).
 */
public final class IncidentTimelineCommand implements Command {
  private final IncidentLookup lookup;
  private final IncidentStore store;
  private final AuditLog audit;
  private final Clock clock;

  public IncidentTimelineCommand(
      IncidentLookup lookup, IncidentStore store, AuditLog audit, Clock clock) {
    this.lookup = lookup;
    this.store = store;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "incident timeline",
        "the incident's timeline as a Markdown file",
        Roles.VIEWER,
        OptionSpec.text(IncidentLookup.OPTION, "incident id, like INC-42", false));
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    Incident incident = lookup.require(request);
    var events = new ArrayList<>(BeforeDeclaration.events(incident, audit));
    events.addAll(store.events(incident.id()));
    events.sort(Comparator.comparing(TimelineEvent::at));
    String markdown = TimelineMarkdown.export(incident, events, clock.instant());
    return Reply.builder(incident.id() + " timeline")
        .text(
            Counts.of(events.size(), "event", "events")
                + ", "
                + Counts.of(incident.updates().size(), "stakeholder update", "stakeholder updates")
                + ".")
        .attach(
            new Attachment(
                incident.id() + "-timeline.md",
                "text/markdown",
                markdown.getBytes(StandardCharsets.UTF_8)))
        .build();
  }
}
