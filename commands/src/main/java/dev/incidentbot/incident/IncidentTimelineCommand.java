package dev.incidentbot.incident;

import dev.incidentbot.chat.Attachment;
import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.redis.Counts;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * {@code /incident timeline [incident:]}: the timeline as a Markdown file: alerts, commands,
 * confirmations, action outcomes, follow-up results and stakeholder updates, with who and when.
 */
public final class IncidentTimelineCommand implements Command {
  private final IncidentLookup lookup;
  private final IncidentStore store;
  private final Clock clock;

  public IncidentTimelineCommand(IncidentLookup lookup, IncidentStore store, Clock clock) {
    this.lookup = lookup;
    this.store = store;
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
    var events = store.events(incident.id());
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
