package dev.incidentbot.recovery.action;

import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.recovery.NothingToDo;
import dev.incidentbot.recovery.Outcome;
import dev.incidentbot.recovery.Plan;
import dev.incidentbot.recovery.RecoveryAction;
import dev.incidentbot.recovery.Risk;
import dev.incidentbot.recovery.TargetFacts;
import dev.incidentbot.redis.InfoSnapshot;
import dev.incidentbot.redis.Mode;
import dev.incidentbot.redis.RedisProblem;
import dev.incidentbot.redis.Target;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.commands.ProtocolCommand;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * {@code /redis script-kill}: ends the script or function that keeps a server BUSY, with SCRIPT
 * KILL or FUNCTION KILL (whichever the server's BUSY reply names). A BUSY server answers little
 * else, so the plan reads no INFO: it asks PING on a connection that sends nothing but the login
 * (no client name, no SELECT), and shows what the BUSY reply says. A script that has already
 * written cannot be killed (UNKILLABLE): the outcome says so, and that SHUTDOWN NOSAVE — which
 * loses every write since the last save — is the last resort, by hand; the bot never offers it.
 * Standalone and Sentinel targets.
 */
public final class ScriptKillAction implements RecoveryAction {
  static final String SCRIPT = "script";
  static final String FUNCTION = "function";

  private final TargetConnector connector;

  public ScriptKillAction(TargetConnector connector) {
    this.connector = connector;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "redis script-kill",
        "SCRIPT KILL or FUNCTION KILL for a server stuck BUSY, after confirmation",
        Roles.OPERATOR,
        OptionSpec.target(false));
  }

  @Override
  public Plan plan(Request request) {
    Target target = connector.target(request.option("target"));
    String kind = running(target);
    String kill = kill(kind);
    return Plan.builder(spec().name(), target.name(), busyFacts())
        .param("kind", kind)
        .willRun(kill)
        .matches("the " + kind + " that keeps " + target.describe() + " BUSY")
        .effect(
            "the "
                + kind
                + " stops and the server answers again; what it wrote so far stays. A "
                + kind
                + " that has already written cannot be killed (UNKILLABLE): then only SHUTDOWN"
                + " NOSAVE ends it, by hand, losing every write since the last save")
        .risk(
            Risk.MEDIUM,
            "the " + kind + " is stopped half-way: the caller gets an error, and its work is lost")
        .build();
  }

  @Override
  public Outcome execute(Plan plan, Progress progress) {
    Target target = connector.target(Optional.of(plan.target()));
    String kind = plan.param("kind");
    String kill = kill(kind);
    try (Jedis jedis = bare(target)) {
      try {
        jedis.sendCommand(command(kind.toUpperCase(Locale.ROOT)), "KILL");
      } catch (JedisDataException e) {
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("UNKILLABLE")) {
          return Outcome.failure(
              "the "
                  + kind
                  + " on "
                  + target.describe()
                  + " has already written data, so "
                  + kill
                  + " refuses (UNKILLABLE). Only SHUTDOWN NOSAVE ends it, losing every write since"
                  + " the last save: a last resort, to run by hand (redis-cli SHUTDOWN NOSAVE),"
                  + " then start Redis again.",
              List.of());
        }
        if (message.startsWith("NOTBUSY")) {
          return Outcome.unchanged(
              "no " + kind + " was running any more on " + target.describe() + ": nothing killed",
              List.of());
        }
        throw new UserFacingException(kill + " failed: " + RedisProblem.of(target, e).message(), e);
      }
      String pong = pingOnceFree(jedis, target);
      return Outcome.success(
          kind + " killed on " + target.describe() + ": it answers again (PING → " + pong + ")",
          List.of(Outcome.change("BUSY", "yes", "no")));
    } catch (UserFacingException e) {
      throw e;
    } catch (RuntimeException e) {
      throw TargetConnector.unreachable(target, e);
    }
  }

  /**
   * PING until the server stops answering BUSY: the kill is acknowledged at once, the script ends
   * at its next hook a moment later. Waits the target's timeout at most.
   */
  private static String pingOnceFree(Jedis jedis, Target target) {
    long deadline = System.nanoTime() + target.timeout().toNanos();
    while (true) {
      try {
        return jedis.ping();
      } catch (JedisDataException e) {
        if (!String.valueOf(e.getMessage()).startsWith("BUSY") || System.nanoTime() > deadline) {
          throw e;
        }
        java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
      }
    }
  }

  /** Whether a script or a function keeps the server BUSY, from its BUSY reply to PING. */
  private String running(Target target) {
    try (Jedis jedis = bare(target)) {
      jedis.ping();
    } catch (JedisDataException e) {
      String message = String.valueOf(e.getMessage());
      if (message.startsWith("BUSY")) {
        return message.contains("FUNCTION KILL") ? FUNCTION : SCRIPT;
      }
      throw new UserFacingException(
          target.describe()
              + " answered PING with an error: "
              + RedisProblem.of(target, e).message(),
          e);
    } catch (RuntimeException e) {
      throw TargetConnector.unreachable(target, e);
    }
    throw new NothingToDo(
        target.describe() + " is not BUSY: it answers PING, so no script or function is stuck.");
  }

  /**
   * A connection that sends only the login: CLIENT SETNAME and SELECT are refused while the server
   * is BUSY, AUTH is not.
   */
  private Jedis bare(Target target) {
    if (target.mode() == Mode.CLUSTER) {
      throw new UserFacingException(
          "/redis script-kill runs on one node: add the BUSY node as a standalone target (its"
              + " address is in /redis health) and run it there.");
    }
    HostAndPort node =
        target.mode() == Mode.SENTINEL
            ? connector.sentinelMaster(target)
            : new HostAndPort(target.endpoint().host(), target.endpoint().port());
    int millis = (int) Math.max(1, target.timeout().toMillis());
    var endpoint = target.endpoint();
    var builder =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(millis)
            .socketTimeoutMillis(millis)
            .ssl(endpoint.tls())
            .resp2();
    if (endpoint.password() != null) {
      builder.user(endpoint.user()).password(endpoint.password());
    }
    Jedis jedis = new Jedis(node, builder.build());
    jedis.connect();
    return jedis;
  }

  private static TargetFacts busyFacts() {
    return new TargetFacts(
        "unknown: a BUSY server answers no INFO",
        "unknown while BUSY",
        "unknown while BUSY",
        0,
        0,
        "unknown",
        new InfoSnapshot());
  }

  private static String kill(String kind) {
    return FUNCTION.equals(kind) ? "FUNCTION KILL" : "SCRIPT KILL";
  }

  private static ProtocolCommand command(String name) {
    byte[] raw = name.getBytes(StandardCharsets.US_ASCII);
    return () -> raw;
  }
}
