package dev.incidentbot.recovery;

import dev.incidentbot.chat.Actor;
import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.UserFacingException;

/**
 * The Stop button under a running recovery action ({@code stop-action id:<plan>}, hidden): asks it
 * to stop after its current batch. Unlike the in-process {@link dev.incidentbot.chat.StopCommand}
 * for read-only jobs, the request goes through the confirmation store, so the instance running the
 * action sees it even when another instance took the press; and only the requester or someone who
 * could have confirmed it may press it.
 */
public final class StopActionCommand implements Command {
  static final String NAME = "stop-action";

  private final ConfirmationStore store;

  public StopActionCommand(ConfirmationStore store) {
    this.store = store;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.hidden(NAME, Roles.VIEWER, OptionSpec.text("id", "the running plan", true));
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
              + " role may stop this action; you have "
              + ConfirmCommand.roles(actor)
              + ".");
    }
    if (!store.requestStop(c.id(), actor)) {
      throw new UserFacingException(
          c.plan().summary()
              + " is not running (it is "
              + c.state().label()
              + "); nothing to stop.");
    }
    return Reply.text(
        "Stop requested by "
            + actor.name()
            + ": "
            + c.plan().summary()
            + " stops after its current step and reports what it did.");
  }
}
