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
import java.util.stream.Collectors;

/**
 * The Confirm button ({@code confirm id:<plan>}, hidden): checks that the presser holds the plan's
 * role and, for high-risk plans, is not the requester; then hands the plan to the {@link
 * ActionExecutor}. Refusals are user-facing errors, so the router audits them with the reason.
 *
 * <p>Thread-safe; blocks the worker thread while the action runs.
 */
public final class ConfirmCommand implements Command {
  private final ConfirmationStore store;
  private final ActionExecutor executor;

  public ConfirmCommand(ConfirmationStore store, ActionExecutor executor) {
    this.store = store;
    this.executor = executor;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.hidden(
        "confirm", Roles.VIEWER, OptionSpec.text("id", "the plan to confirm", true));
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    Confirmation c = find(store, request.requireOption("id"));
    Plan plan = c.plan();
    Actor actor = request.actor();
    if (!actor.hasRole(plan.requiredRole())) {
      throw new UserFacingException(
          "Only members with the "
              + plan.requiredRole()
              + " role may confirm "
              + plan.summary()
              + "; you have "
              + roles(actor)
              + ". Nothing was run.");
    }
    if (c.state() != Confirmation.State.PENDING) {
      throw new UserFacingException(PlanReplies.whyNot(c));
    }
    if (plan.secondPerson() && actor.id().equals(c.requesterId())) {
      throw new UserFacingException(
          plan.summary()
              + " is high risk ("
              + plan.riskReason()
              + "), so someone other than the requester must confirm it. Ask another member with"
              + " the "
              + plan.requiredRole()
              + " role to press Confirm. Nothing was run.");
    }
    return executor.run(c, actor, progress);
  }

  /** The confirmation behind a button, or an error saying it is unknown. */
  static Confirmation find(ConfirmationStore store, String id) {
    return store
        .find(id)
        .orElseThrow(
            () -> new UserFacingException("There is no plan " + id + "; run the command again."));
  }

  static String roles(Actor actor) {
    return actor.roles().isEmpty()
        ? "none"
        : actor.roles().stream().sorted().collect(Collectors.joining(", "));
  }
}
