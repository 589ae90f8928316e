package dev.incidentbot.recovery;

import dev.incidentbot.chat.Actor;
import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.timeline.Timeline;
import dev.incidentbot.timeline.TimelineEvent;
import java.time.Clock;

/**
 * The Cancel button ({@code cancel id:<plan>}, hidden): the requester or anyone who could confirm
 * the plan may cancel it while it is pending. A cancelled plan can never run.
 */
public final class CancelCommand implements Command {
  private final ConfirmationStore store;
  private final Timeline timeline;
  private final Clock clock;

  public CancelCommand(ConfirmationStore store, Timeline timeline, Clock clock) {
    this.store = store;
    this.timeline = timeline;
    this.clock = clock;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.hidden(
        "cancel", Roles.VIEWER, OptionSpec.text("id", "the plan to cancel", true));
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    Confirmation c = ConfirmCommand.find(store, request.requireOption("id"));
    Actor actor = request.actor();
    if (!actor.id().equals(c.requesterId()) && !actor.hasRole(c.plan().requiredRole())) {
      throw new UserFacingException(
          "Only "
              + c.requesterName()
              + " or a member with the "
              + c.plan().requiredRole()
              + " role may cancel this plan; you have "
              + ConfirmCommand.roles(actor)
              + ".");
    }
    if (!store.cancel(c.id(), actor)) {
      throw new UserFacingException(PlanReplies.whyNot(store.find(c.id()).orElse(c)));
    }
    timeline.record(
        new TimelineEvent(
            clock.instant(),
            TimelineEvent.Kind.CONFIRMATION,
            actor.name(),
            c.plan().target(),
            c.place(),
            "cancelled " + c.plan().summary()));
    return Reply.builder("Cancelled: " + c.plan().summary())
        .severity(Severity.INFO)
        .text("Cancelled by " + actor.name() + ". Nothing was run.")
        .build();
  }
}
