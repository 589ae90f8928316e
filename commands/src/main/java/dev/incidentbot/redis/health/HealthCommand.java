package dev.incidentbot.redis.health;

import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.redis.Targets;

/**
 * {@code /redis health [target]}: one target in depth (findings, scenario, next steps), or every
 * configured target at once, one line each.
 */
public final class HealthCommand implements Command {
  private final Targets targets;
  private final HealthCheck check;

  public HealthCommand(Targets targets, HealthCheck check) {
    this.targets = targets;
    this.check = check;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "redis health",
        "PING, INFO and the runbook's triage of one target, or of all",
        Roles.VIEWER,
        OptionSpec.target(false));
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    if (request.option("target").isEmpty() && targets.all().size() > 1) {
      return HealthReplies.summary(check.checkAll(targets.all()));
    }
    return HealthReplies.detail(check.check(targets.require(request.option("target"))));
  }

  /** A health check that found a critical target worked: counted ok, whatever it found. */
  @Override
  public boolean criticalReplyIsFailure() {
    return false;
  }
}
