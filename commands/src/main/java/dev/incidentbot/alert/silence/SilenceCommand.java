package dev.incidentbot.alert.silence;

import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.recovery.PlanCommand;

/**
 * {@code /alert silence}: without {@code for:} (the "Silence…" button) a form asking how long and
 * why, answered from the bot's database only so the form opens at once; with it, the plan of {@link
 * SilenceAction} with Confirm / Cancel. Thread-safe.
 */
public final class SilenceCommand implements Command {
  private final PlanCommand plans;
  private final SilenceGroups groups;

  public SilenceCommand(PlanCommand plans, SilenceGroups groups) {
    this.plans = plans;
    this.groups = groups;
  }

  @Override
  public CommandSpec spec() {
    return plans.spec();
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    if (request.option("for").isEmpty()) {
      return SilenceReplies.form(groups.require(request));
    }
    return plans.handle(request, progress);
  }
}
