package dev.incidentbot.incident;

import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.chat.UserFacingException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code /incident update [incident:] [status:] [impact:] [summary:] [user-impact:] [next-steps:]}.
 * Without answers it returns the update form prefilled from the last update (a modal in Discord).
 * With answers it posts the update; what is not given carries over from the last update. Multi-line
 * answers take one item per line, or {@code |} between items.
 *
 * <p>Answers quickly when it returns the form (one store read), as Discord requires for modals.
 */
public final class UpdateIncidentCommand implements Command {
  private final IncidentLookup lookup;
  private final StatusUpdatePublisher publisher;
  private final IncidentSettings settings;

  public UpdateIncidentCommand(
      IncidentLookup lookup, StatusUpdatePublisher publisher, IncidentSettings settings) {
    this.lookup = lookup;
    this.publisher = publisher;
    this.settings = settings;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "incident update",
        "post a stakeholder update (without answers: the form, prefilled)",
        settings.updateRole(),
        OptionSpec.text(IncidentLookup.OPTION, "incident id, like INC-42", false),
        OptionSpec.text(
            UpdateForm.STATUS, "Investigating, Identified, Monitoring or Resolved", false),
        OptionSpec.text(UpdateForm.IMPACT, "what users notice", false),
        OptionSpec.text(UpdateForm.SUMMARY, "what is going on", false),
        OptionSpec.text(UpdateForm.USER_IMPACT, "Service: note lines, separated by |", false),
        OptionSpec.text(UpdateForm.NEXT_STEPS, "next steps, separated by |", false));
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    Incident incident = lookup.requireOpen(request);
    boolean answered =
        Stream.of(
                UpdateForm.STATUS,
                UpdateForm.IMPACT,
                UpdateForm.SUMMARY,
                UpdateForm.USER_IMPACT,
                UpdateForm.NEXT_STEPS)
            .anyMatch(o -> request.option(o).isPresent());
    if (!answered) {
      return Reply.builder("Update " + incident.id())
          .text("Fill in the update; empty answers keep the last update's.")
          .form(UpdateForm.of(incident))
          .ephemeral(true)
          .build();
    }
    StatusUpdate update = build(incident, request);
    var published = publisher.publish(incident, update);
    return confirmation(published);
  }

  static StatusUpdate build(Incident incident, Request request) {
    Optional<StatusUpdate> last = incident.lastUpdate();
    IncidentStatus status =
        request
            .option(UpdateForm.STATUS)
            .map(IncidentStatus::parse)
            .orElse(last.map(StatusUpdate::status).orElse(IncidentStatus.INVESTIGATING));
    String impact =
        limited(request, UpdateForm.IMPACT, UpdateForm.MAX_IMPACT)
            .orElse(last.map(StatusUpdate::impact).orElse(""));
    String summary =
        limited(request, UpdateForm.SUMMARY, UpdateForm.MAX_SUMMARY)
            .orElse(last.map(StatusUpdate::summary).orElse(""));
    List<String> userImpact =
        limited(request, UpdateForm.USER_IMPACT, UpdateForm.MAX_LINES)
            .map(Lines::split)
            .orElse(last.map(StatusUpdate::userImpact).orElse(List.of()));
    List<String> nextSteps =
        limited(request, UpdateForm.NEXT_STEPS, UpdateForm.MAX_LINES)
            .map(Lines::split)
            .orElse(last.map(StatusUpdate::nextSteps).orElse(List.of()));
    return new StatusUpdate(
        request.at(), request.actor().name(), status, impact, summary, userImpact, nextSteps, "");
  }

  static Reply confirmation(StatusUpdatePublisher.Published published) {
    Incident incident = published.incident();
    String due =
        published.nextDue() == null
            ? "Its reminders and scheduled checks are cancelled."
            : "Next update due by " + StatusUpdateModel.iso(published.nextDue()) + ".";
    return Reply.builder(
            incident.id() + ": update #" + incident.updates().size() + " posted to stakeholders")
        .severity(Severity.OK)
        .text("Status " + incident.status().label() + ". " + due)
        .build();
  }

  private static Optional<String> limited(Request request, String option, int max) {
    Optional<String> value = request.option(option);
    if (value.isPresent() && value.get().length() > max) {
      throw new UserFacingException(
          option + ": is " + value.get().length() + " characters; keep it under " + max + ".");
    }
    return value;
  }
}
