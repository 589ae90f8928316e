package dev.incidentbot.recovery.action;

import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.recovery.Outcome;
import dev.incidentbot.recovery.Plan;
import dev.incidentbot.recovery.RecoveryAction;
import dev.incidentbot.recovery.Risk;
import dev.incidentbot.recovery.TargetFacts;
import dev.incidentbot.redis.RedisProblem;
import dev.incidentbot.redis.Target;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Slowlog;

/**
 * {@code /redis slowlog-reset}: SLOWLOG RESET, so that the next look at the slow log shows only
 * what happened after the fix. The plan shows the slowest entries about to be discarded.
 */
public final class SlowlogResetAction implements RecoveryAction {
  private static final int SAMPLES = 5;

  private final TargetConnector connector;

  public SlowlogResetAction(TargetConnector connector) {
    this.connector = connector;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "redis slowlog-reset",
        "SLOWLOG RESET, after confirmation",
        Roles.OPERATOR,
        OptionSpec.target(false));
  }

  @Override
  public Plan plan(Request request) {
    Target target = connector.target(request.option("target"));
    try (Jedis jedis = connector.openPrimary(target)) {
      TargetFacts facts = TargetFacts.read(jedis);
      long length = jedis.slowlogLen();
      var plan =
          Plan.builder(spec().name(), target.name(), facts)
              .willRun("SLOWLOG RESET")
              .matches(length + " slow log entries will be discarded")
              .effect("an empty slow log, so new slow commands stand out")
              .risk(Risk.LOW, "discards diagnostics only; no data changes");
      for (Slowlog entry : jedis.slowlogGet(SAMPLES)) {
        plan.sample(
            entry.getExecutionTime()
                + " µs: "
                + String.join(" ", entry.getArgs().stream().limit(4).toList()));
      }
      return plan.build();
    } catch (RuntimeException e) {
      throw TargetConnector.unreachable(target, e);
    }
  }

  @Override
  public Outcome execute(Plan plan, Progress progress) {
    Target target = connector.target(Optional.of(plan.target()));
    try (Jedis jedis = connector.openPrimary(target)) {
      long before;
      try {
        before = jedis.slowlogLen();
        jedis.slowlogReset();
      } catch (RuntimeException e) {
        throw new UserFacingException(
            "SLOWLOG RESET failed: " + RedisProblem.of(target, e).message(), e);
      }
      long after = jedis.slowlogLen();
      return Outcome.success(
          "slow log of " + target.name() + " reset (" + before + " entries discarded)",
          List.of(Outcome.change("SLOWLOG LEN", before, after)));
    }
  }
}
