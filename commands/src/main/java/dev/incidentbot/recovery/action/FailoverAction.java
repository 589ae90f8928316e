package dev.incidentbot.recovery.action;

import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.format.Durations;
import dev.incidentbot.recovery.Interruption;
import dev.incidentbot.recovery.Outcome;
import dev.incidentbot.recovery.Plan;
import dev.incidentbot.recovery.RecoveryAction;
import dev.incidentbot.recovery.Risk;
import dev.incidentbot.recovery.TargetFacts;
import dev.incidentbot.redis.Mode;
import dev.incidentbot.redis.RedisProblem;
import dev.incidentbot.redis.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * {@code /redis failover}: Sentinel targets — SENTINEL CKQUORUM on a sentinel, SENTINEL FAILOVER,
 * then poll the master address until it moves, and check ROLE on the new master and on the old one,
 * which can go on claiming to be master for seconds after the switch. Cluster targets — see {@link
 * ClusterFailover}: CLUSTER FAILOVER sent to a replica of the named primary. Always high risk:
 * clients reconnect and writes in flight can be lost.
 */
public final class FailoverAction implements RecoveryAction {
  /** How long the new master may take to be named. */
  static final Duration SWITCH_TIMEOUT = Duration.ofSeconds(60);

  /** How long the old master may go on claiming to be master before the outcome warns. */
  static final Duration DEMOTION_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger log = LoggerFactory.getLogger(FailoverAction.class);
  private static final long POLL_MILLIS = 200;

  private final TargetConnector connector;

  public FailoverAction(TargetConnector connector) {
    this.connector = connector;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "redis failover",
        "promote a replica: SENTINEL FAILOVER, or CLUSTER FAILOVER on a replica of a primary",
        Roles.OPERATOR,
        OptionSpec.target(false),
        OptionSpec.text("primary", "cluster only: the primary to replace, host:port", false));
  }

  @Override
  public Plan plan(Request request) {
    Target target = connector.target(request.option("target"));
    return switch (target.mode()) {
      case SENTINEL -> planSentinel(target);
      case CLUSTER ->
          new ClusterFailover(connector)
              .plan(spec().name(), target, request.option("primary").orElse(null));
      case STANDALONE ->
          throw new UserFacingException(
              target.name()
                  + " is a standalone target: there is no replica to fail over to. Failover needs"
                  + " mode sentinel or cluster.");
    };
  }

  @Override
  public Outcome execute(Plan plan, Progress progress) {
    Target target = connector.target(Optional.of(plan.target()));
    if (target.mode() == Mode.CLUSTER) {
      return new ClusterFailover(connector).execute(target, plan, progress);
    }
    return executeSentinel(target, plan, progress);
  }

  /**
   * Who is master now: Sentinel's answer and that node's ROLE, against the master when it was
   * planned; on a cluster, the ROLE of the primary it replaced and of the replica it promoted.
   */
  @Override
  public Interruption measureAfterInterruption(Plan plan) {
    Target target = connector.target(Optional.of(plan.target()));
    if (target.mode() == Mode.CLUSTER) {
      String primary = plan.param("primary");
      String replica = plan.param("replica");
      String primaryRole = roleOf(target, HostAndPort.from(primary));
      String replicaRole = roleOf(target, HostAndPort.from(replica));
      return new Interruption(
          replicaRole.equals("master")
              ? replica + " is primary now (it replaced " + primary + ")"
              : primary + " is still " + primaryRole + "; " + replica + " is " + replicaRole,
          List.of(
              new Field("ROLE of " + primary, primaryRole, true),
              new Field("ROLE of " + replica, replicaRole, true)));
    }
    HostAndPort master = connector.sentinelMaster(target);
    String role = roleOf(target, master);
    String was = plan.param("master");
    boolean moved = !address(master).equals(was);
    return new Interruption(
        "Sentinel names "
            + address(master)
            + " as master"
            + (moved ? " (it was " + was + ": the failover happened)" : ", as before the failover")
            + "; its ROLE is "
            + role,
        List.of(
            Outcome.change("Master", was, address(master)),
            new Field("ROLE of " + address(master), role, true)));
  }

  private String roleOf(Target target, HostAndPort node) {
    try (Jedis j = connector.open(target, node)) {
      return roleText(j.role());
    } catch (RuntimeException e) {
      return "unreachable (" + RedisProblem.of(target, e).message() + ")";
    }
  }

  private Plan planSentinel(Target target) {
    Quorum quorum = quorum(target);
    HostAndPort master = connector.sentinelMaster(target);
    try (Jedis jedis = connector.open(target, master)) {
      TargetFacts facts = TargetFacts.read(jedis);
      long online =
          facts.info().section("replication").values().stream()
              .filter(v -> v.contains("state=online"))
              .count();
      if (online == 0) {
        throw new UserFacingException(
            "The master "
                + address(master)
                + " of "
                + target.name()
                + " has no replica online to promote; a failover would fail (NOGOODSLAVE).");
      }
      return Plan.builder(spec().name(), target.name(), facts)
          .param("sentinel", quorum.sentinel)
          .param("master", address(master))
          .willRun("SENTINEL CKQUORUM " + target.sentinelMaster() + " on " + quorum.sentinel)
          .willRun("SENTINEL FAILOVER " + target.sentinelMaster() + " on " + quorum.sentinel)
          .willRun(
              "SENTINEL GET-MASTER-ADDR-BY-NAME every "
                  + POLL_MILLIS
                  + " ms until it is no longer "
                  + address(master)
                  + " (at most "
                  + Durations.format(SWITCH_TIMEOUT)
                  + ")")
          .willRun("ROLE on the new master and on " + address(master))
          .matches("master " + address(master) + "; " + quorum.text)
          .effect("a replica becomes master; clients following Sentinel reconnect to it")
          .risk(Risk.HIGH, "clients are disconnected and writes not yet replicated can be lost")
          .build();
    } catch (UserFacingException e) {
      throw e;
    } catch (RuntimeException e) {
      throw TargetConnector.unreachable(target, e);
    }
  }

  /**
   * The Sentinel failover as the runbook has it: check the master did not move since the plan, ask
   * the plan's sentinel for a failover, wait for Sentinel to name a new master, then check ROLE on
   * the new master and on the old one.
   */
  private Outcome executeSentinel(Target target, Plan plan, Progress progress) {
    HostAndPort sentinel = HostAndPort.from(plan.param("sentinel"));
    HostAndPort old = connector.sentinelMaster(target);
    requireMasterAsPlanned(target, plan, old);
    long start = System.nanoTime();
    try (Jedis s = openPlannedSentinel(target, plan, sentinel)) {
      sendFailover(s, target);
      log.info("target {}: SENTINEL FAILOVER sent to {}", target.name(), plan.param("sentinel"));
      NewMaster named = awaitNewMaster(s, target, plan, old, start, progress);
      if (named.failure() != null) {
        return named.failure();
      }
      return checkRoles(target, old, named.address(), start, progress);
    }
  }

  /** Refuses to run when the master moved since the plan: the plan was about another master. */
  private static void requireMasterAsPlanned(Target target, Plan plan, HostAndPort old) {
    if (!address(old).equals(plan.param("master"))) {
      throw new UserFacingException(
          "The master of "
              + target.name()
              + " changed since the plan ("
              + plan.param("master")
              + " → "
              + address(old)
              + "); nothing was run. Plan again if a failover is still needed.");
    }
  }

  private Jedis openPlannedSentinel(Target target, Plan plan, HostAndPort sentinel) {
    try {
      return connector.openSentinel(target, sentinel);
    } catch (RuntimeException e) {
      throw new UserFacingException(
          "The plan's sentinel "
              + plan.param("sentinel")
              + " did not answer: "
              + RedisProblem.of(target, e).message()
              + " Nothing was changed; plan again to pick a sentinel that answers.",
          e);
    }
  }

  /** SENTINEL CKQUORUM, then SENTINEL FAILOVER; a refusal of either changed nothing. */
  private static void sendFailover(Jedis s, Target target) {
    try {
      s.sendCommand(Protocol.Command.SENTINEL, "CKQUORUM", target.sentinelMaster());
      s.sentinelFailover(target.sentinelMaster());
    } catch (RuntimeException e) {
      throw new UserFacingException(
          "SENTINEL FAILOVER was refused: "
              + RedisProblem.of(target, e).message()
              + " Nothing was changed.",
          e);
    }
  }

  /** The master Sentinel names after the switch, or the failure that ended the wait. */
  private record NewMaster(HostAndPort address, Outcome failure) {}

  /**
   * Polls SENTINEL GET-MASTER-ADDR-BY-NAME until it names another master than {@code old}, until
   * the switch timeout passes or Stop is pressed, or until the sentinel stops answering.
   */
  private NewMaster awaitNewMaster(
      Jedis s, Target target, Plan plan, HostAndPort old, long start, Progress progress) {
    HostAndPort now = old;
    long deadline = start + SWITCH_TIMEOUT.toNanos();
    while (now.equals(old)) {
      if (System.nanoTime() > deadline || progress.stopRequested()) {
        return new NewMaster(
            null,
            Outcome.failure(
                "the master is still "
                    + address(old)
                    + " after "
                    + Durations.format(since(start))
                    + "; Sentinel may still be electing. Check /redis topology.",
                List.of()));
      }
      report(progress, target, "waiting for Sentinel to name a new master", start);
      try {
        sleep();
        List<String> addr = s.sentinelGetMasterAddrByName(target.sentinelMaster());
        now = new HostAndPort(addr.get(0), Integer.parseInt(addr.get(1)));
      } catch (RuntimeException e) {
        return new NewMaster(null, lostTrack(target, plan, start, e));
      }
    }
    return new NewMaster(now, null);
  }

  private static Outcome lostTrack(Target target, Plan plan, long start, RuntimeException e) {
    return Outcome.failure(
        "SENTINEL FAILOVER was accepted by "
            + plan.param("sentinel")
            + ", then the bot lost track of it ("
            + (e instanceof UserFacingException
                ? e.getMessage()
                : RedisProblem.of(target, e).message())
            + "); the failover may still happen. Check /redis topology.",
        List.of(new Field("Waited", Durations.format(since(start)), true)));
  }

  /**
   * Waits for ROLE master on the new master and ROLE slave (of the new one) on the old one; the
   * outcome fails when either does not follow within the demotion timeout.
   */
  private Outcome checkRoles(
      Target target, HostAndPort old, HostAndPort now, long start, Progress progress) {
    Duration switched = since(start);
    String newRole = awaitRole(target, now, "master", null, start, progress);
    String oldRole = awaitRole(target, old, "slave", now, start, progress);
    var evidence = new ArrayList<Field>();
    evidence.add(Outcome.change("Master", address(old), address(now)));
    evidence.add(new Field("Switched after", Durations.format(switched), true));
    evidence.add(new Field("ROLE of " + address(now), newRole, true));
    evidence.add(new Field("ROLE of " + address(old), oldRole, true));
    if (!newRole.startsWith("master")) {
      return Outcome.failure(
          "Sentinel names " + address(now) + " but it answers ROLE " + newRole, evidence);
    }
    if (oldRole.startsWith("master")) {
      return Outcome.failure(
          "the new master is "
              + address(now)
              + ", but the old master "
              + address(old)
              + " still claims to be master after "
              + Durations.format(since(start))
              + ": clients that do not ask Sentinel may still write to it.",
          evidence);
    }
    return Outcome.success(
        "master of " + target.name() + " moved " + address(old) + " → " + address(now), evidence);
  }

  /**
   * Polls ROLE on {@code node} until it reports {@code wanted} (and, for a replica, follows {@code
   * master}), or the demotion timeout passes; returns the last answer as text.
   */
  private String awaitRole(
      Target target,
      HostAndPort node,
      String wanted,
      HostAndPort master,
      long start,
      Progress progress) {
    long deadline = System.nanoTime() + DEMOTION_TIMEOUT.toNanos();
    String last = "no answer";
    while (true) {
      try (Jedis j = connector.open(target, node)) {
        List<Object> role = j.role();
        last = roleText(role);
        boolean ok =
            wanted.equals(String.valueOf(role.get(0)))
                && (master == null || last.contains(address(master)));
        if (ok) {
          return last + " (after " + Durations.format(since(start)) + ")";
        }
      } catch (RuntimeException e) {
        last = "unreachable"; // refused, or dropped mid-answer while it restarts as a replica
      }
      if (System.nanoTime() > deadline || progress.stopRequested()) {
        return last;
      }
      report(progress, target, "waiting for " + address(node) + " to report ROLE " + wanted, start);
      try {
        sleep();
      } catch (UserFacingException shuttingDown) {
        return last + " (the bot stopped waiting: it is shutting down)";
      }
    }
  }

  static String roleText(List<Object> role) {
    String kind = String.valueOf(role.get(0));
    if ("slave".equals(kind) && role.size() >= 4) {
      return "slave of " + role.get(1) + ":" + role.get(2) + " (" + role.get(3) + ")";
    }
    return kind;
  }

  /** The first sentinel whose CKQUORUM passes, or an error listing what each one said. */
  private Quorum quorum(Target target) {
    var said = new ArrayList<String>();
    for (String address : target.nodes()) {
      try (Jedis s = connector.openSentinel(target, HostAndPort.from(address))) {
        Object reply =
            s.sendCommand(Protocol.Command.SENTINEL, "CKQUORUM", target.sentinelMaster());
        String text =
            reply instanceof byte[] b
                ? new String(b, java.nio.charset.StandardCharsets.UTF_8)
                : String.valueOf(reply);
        return new Quorum(address, address + ": " + text.strip());
      } catch (RuntimeException e) {
        said.add(address + ": " + RedisProblem.of(target, e).message());
      }
    }
    throw new UserFacingException(
        "No sentinel of "
            + target.name()
            + " confirms a quorum for a failover, so none would be authorised: "
            + String.join("; ", said));
  }

  private record Quorum(String sentinel, String text) {}

  private static void report(Progress progress, Target target, String what, long start) {
    progress.update(
        Reply.builder("Failover of " + target.name())
            .text(what + " (" + Durations.format(since(start)) + ")")
            .build());
  }

  static String address(HostAndPort h) {
    return h.getHost() + ":" + h.getPort();
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserFacingException("The bot is shutting down; it stopped watching the failover.");
    }
  }
}
