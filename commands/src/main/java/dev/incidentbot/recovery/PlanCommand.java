package dev.incidentbot.recovery;

import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Severity;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command people type for a recovery action ({@code /redis purge …}): runs the action's dry
 * run, stores the plan as a pending confirmation and answers in the channel with what will happen
 * and Confirm / Cancel buttons. Nothing changes in Redis here. A dry run that matches nothing
 * ({@link NothingToDo}) is answered with that, and no plan is stored.
 *
 * <p>Thread-safe; runs on a worker thread and blocks for the dry run (bounded by the target's
 * timeout per call).
 */
public final class PlanCommand implements Command {
  private static final Logger log = LoggerFactory.getLogger(PlanCommand.class);

  private final RecoveryAction action;
  private final ConfirmationStore store;
  private final RecoveryPolicy policy;
  private final Clock clock;
  private final PlanViews views;

  /** A command whose plans use the built-in template. */
  public PlanCommand(
      RecoveryAction action, ConfirmationStore store, RecoveryPolicy policy, Clock clock) {
    this(action, store, policy, clock, PlanViews.builtIn());
  }

  /**
   * @param views renders the plan (the {@code recovery-plan} template)
   */
  public PlanCommand(
      RecoveryAction action,
      ConfirmationStore store,
      RecoveryPolicy policy,
      Clock clock,
      PlanViews views) {
    this.views = views;
    this.action = action;
    this.store = store;
    this.policy = policy;
    this.clock = clock;
  }

  @Override
  public CommandSpec spec() {
    return action.spec();
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    Plan plan;
    try {
      plan = action.plan(request);
    } catch (NothingToDo nothing) {
      log.info(
          "target {}: /{} for {} has nothing to do: {}",
          request.option("target").orElse("default"),
          action.spec().name(),
          request.actor().name(),
          nothing.getMessage());
      return Reply.builder(nothing.getMessage()).severity(Severity.INFO).build();
    }
    plan = plan.withSecondPerson(plan.risk() == Risk.HIGH && !policy.highRiskSelfConfirm());
    Confirmation pending =
        store.create(plan, request.actor(), request.place(), policy.confirmationTtl());
    log.info(
        "target {}: planned {} ({} risk) for {} as {}",
        plan.target(),
        plan.summary(),
        plan.risk().label(),
        request.actor().name(),
        pending.id());
    return views.confirmation(pending, clock);
  }
}
