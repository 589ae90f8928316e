package dev.incidentbot.incident;

import dev.incidentbot.chat.Action;
import dev.incidentbot.chat.Button;
import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.UserFacingException;
import java.util.List;

/**
 * {@code /incident resolve [incident:] summary: [impact:] [next-steps:]}: posts the Resolved update
 * (user impact carries over, with each service's total duration) and cancels the incident's
 * reminders and scheduled checks.
 */
public final class ResolveIncidentCommand implements Command {
  private final IncidentLookup lookup;
  private final StatusUpdatePublisher publisher;
  private final IncidentSettings settings;

  public ResolveIncidentCommand(
      IncidentLookup lookup, StatusUpdatePublisher publisher, IncidentSettings settings) {
    this.lookup = lookup;
    this.publisher = publisher;
    this.settings = settings;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "incident resolve",
        "post the Resolved update and stop reminders",
        settings.resolveRole(),
        OptionSpec.text(IncidentLookup.OPTION, "incident id, like INC-42", false),
        OptionSpec.text(UpdateForm.SUMMARY, "what happened and how it was fixed", true),
        OptionSpec.text(UpdateForm.IMPACT, "remaining user impact (default: none)", false),
        OptionSpec.text(UpdateForm.NEXT_STEPS, "follow-ups, separated by |", false));
  }

  /** The command the "Draft the review" button runs ({@code /incident review}). */
  static final String REVIEW_COMMAND = "incident review";

  @Override
  public Reply handle(Request request, Progress progress) {
    Incident incident = lookup.requireOpen(request);
    String summary = request.requireOption(UpdateForm.SUMMARY);
    if (summary.length() > UpdateForm.MAX_SUMMARY) {
      throw new UserFacingException(
          "summary: is too long; keep it under " + UpdateForm.MAX_SUMMARY + " characters.");
    }
    var last = incident.lastUpdate();
    var update =
        new StatusUpdate(
            request.at(),
            request.actor().name(),
            IncidentStatus.RESOLVED,
            request.option(UpdateForm.IMPACT).orElse("None; service restored"),
            summary,
            last.map(StatusUpdate::userImpact).orElse(List.of()),
            request.option(UpdateForm.NEXT_STEPS).map(Lines::split).orElse(List.of()),
            "");
    Reply published = UpdateIncidentCommand.confirmation(publisher.publish(incident, update));
    return published.toBuilder()
        .button(
            "Draft the review",
            Button.Style.SECONDARY,
            Action.of(REVIEW_COMMAND, IncidentLookup.OPTION, incident.id()))
        .build();
  }
}
