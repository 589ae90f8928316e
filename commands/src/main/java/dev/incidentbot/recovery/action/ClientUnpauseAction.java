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
import redis.clients.jedis.Protocol;

/**
 * {@code /redis client-unpause}: CLIENT UNPAUSE, for a server whose writes a CLIENT PAUSE WRITE
 * holds. The plan shows what INFO says of the pause where the server reports it ({@code
 * paused_actions}, Redis 7.2+ and Valkey). Under CLIENT PAUSE ALL, Redis 7.0 holds even this
 * command until the pause ends, so the plan cannot be made then and says the server does not
 * answer. Standalone and Sentinel targets.
 */
public final class ClientUnpauseAction implements RecoveryAction {
  private final TargetConnector connector;

  public ClientUnpauseAction(TargetConnector connector) {
    this.connector = connector;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "redis client-unpause",
        "CLIENT UNPAUSE for a server whose clients are paused, after confirmation",
        Roles.OPERATOR,
        OptionSpec.target(false));
  }

  @Override
  public Plan plan(Request request) {
    Target target = connector.target(request.option("target"));
    try (Jedis jedis = connector.openPrimary(target)) {
      TargetFacts facts = TargetFacts.read(jedis);
      String actions = facts.info().text("paused_actions", "");
      return Plan.builder(spec().name(), target.name(), facts)
          .willRun("CLIENT UNPAUSE")
          .matches(
              actions.isBlank()
                  ? "every client a CLIENT PAUSE holds (this server does not report the pause in"
                      + " INFO; /redis health's write probe does)"
                  : "every client held by the pause (INFO: paused_actions:" + actions + ")")
          .effect("held commands run at once and writes flow again")
          .risk(
              Risk.MEDIUM,
              "if a failover or migration paused it on purpose, writes reach this server again"
                  + " while the switch is under way")
          .build();
    } catch (UserFacingException e) {
      throw e;
    } catch (RuntimeException e) {
      throw TargetConnector.unreachable(target, e);
    }
  }

  @Override
  public Outcome execute(Plan plan, Progress progress) {
    Target target = connector.target(Optional.of(plan.target()));
    try (Jedis jedis = connector.openPrimary(target)) {
      try {
        jedis.sendCommand(Protocol.Command.CLIENT, "UNPAUSE");
      } catch (RuntimeException e) {
        throw new UserFacingException(
            "CLIENT UNPAUSE failed: " + RedisProblem.of(target, e).message(), e);
      }
      return Outcome.success(
          "clients of " + target.describe() + " unpaused: held commands run and writes flow again",
          List.of(Outcome.change("CLIENT PAUSE", "in effect", "ended")));
    } catch (UserFacingException e) {
      throw e;
    } catch (RuntimeException e) {
      throw TargetConnector.unreachable(target, e);
    }
  }
}
