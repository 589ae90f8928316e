package dev.incidentbot.recovery.action;

import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.format.Durations;
import dev.incidentbot.recovery.Outcome;
import dev.incidentbot.recovery.Plan;
import dev.incidentbot.recovery.Risk;
import dev.incidentbot.recovery.TargetFacts;
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

/**
 * The cluster half of {@link FailoverAction}: CLUSTER FAILOVER sent to a connected replica of the
 * named primary (the replica coordinates a safe handover with its primary), then ROLE polled on
 * both until they have swapped.
 */
final class ClusterFailover {
  private static final Logger log = LoggerFactory.getLogger(ClusterFailover.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final long POLL_MILLIS = 200;

  private final TargetConnector connector;

  ClusterFailover(TargetConnector connector) {
    this.connector = connector;
  }

  /** One line of CLUSTER NODES. */
  record ClusterLine(String id, String address, List<String> flags, String masterId, String link) {
    static List<ClusterLine> parse(String nodes) {
      var out = new ArrayList<ClusterLine>();
      for (String line : nodes.split("\r?\n")) {
        String[] f = line.strip().split(" ");
        if (f.length < 8) {
          continue;
        }
        String addr = f[1].contains("@") ? f[1].substring(0, f[1].indexOf('@')) : f[1];
        out.add(new ClusterLine(f[0], addr, List.of(f[2].split(",")), f[3], f[7]));
      }
      return out;
    }

    boolean primary() {
      return flags.contains("master");
    }

    boolean healthy() {
      return "connected".equals(link) && !flags.contains("fail") && !flags.contains("fail?");
    }
  }

  /**
   * Plans CLUSTER FAILOVER of the primary at {@code primaryText} (null when not given): picks its
   * first connected replica and reads the primary's facts for the plan.
   */
  Plan plan(String action, Target target, String primaryText) {
    List<ClusterLine> nodes = nodes(target);
    ClusterLine primary = primary(target, nodes, primaryText);
    ClusterLine replica = replicaToPromote(nodes, primary);
    try (Jedis j = connector.open(target, HostAndPort.from(primary.address()))) {
      TargetFacts facts = TargetFacts.read(j);
      return Plan.builder(action, target.name(), facts)
          .param("primary", primary.address())
          .param("replica", replica.address())
          .willRun(
              "CLUSTER FAILOVER on "
                  + replica.address()
                  + " (replica of "
                  + primary.address()
                  + ")")
          .willRun(
              "ROLE on both every "
                  + POLL_MILLIS
                  + " ms until they have swapped (at most "
                  + Durations.format(TIMEOUT)
                  + ")")
          .matches("primary " + primary.address() + " → replica " + replica.address())
          .effect(replica.address() + " takes over the slots of " + primary.address())
          .risk(Risk.HIGH, "clients of those slots are redirected; writes in flight can be lost")
          .build();
    } catch (RuntimeException e) {
      throw TargetConnector.unreachable(target, e);
    }
  }

  /**
   * The primary the user named, as CLUSTER NODES lists it.
   *
   * @throws UserFacingException listing the primaries when none was named or that one is not one
   */
  private static ClusterLine primary(Target target, List<ClusterLine> nodes, String primaryText) {
    List<String> primaries =
        nodes.stream().filter(ClusterLine::primary).map(ClusterLine::address).toList();
    if (primaryText == null) {
      throw new UserFacingException(
          "Which primary of cluster "
              + target.name()
              + " should be replaced? Add primary:<host:port>; primaries: "
              + String.join(", ", primaries)
              + ".");
    }
    return nodes.stream()
        .filter(n -> n.address().equals(primaryText.strip()) && n.primary())
        .findFirst()
        .orElseThrow(
            () ->
                new UserFacingException(
                    "primary:"
                        + primaryText
                        + " is not a primary of "
                        + target.name()
                        + "; primaries: "
                        + String.join(", ", primaries)
                        + "."));
  }

  /** The first connected, healthy replica of {@code primary}. */
  private static ClusterLine replicaToPromote(List<ClusterLine> nodes, ClusterLine primary) {
    return nodes.stream()
        .filter(n -> n.masterId().equals(primary.id()) && n.healthy())
        .findFirst()
        .orElseThrow(
            () ->
                new UserFacingException(
                    "primary "
                        + primary.address()
                        + " has no connected replica to promote; CLUSTER FAILOVER needs one."));
  }

  Outcome execute(Target target, Plan plan, Progress progress) {
    HostAndPort primary = HostAndPort.from(plan.param("primary"));
    HostAndPort replica = HostAndPort.from(plan.param("replica"));
    long start = System.nanoTime();
    try (Jedis r = connector.open(target, replica)) {
      try {
        List<Object> role = r.role();
        if (!"slave".equals(String.valueOf(role.get(0)))) {
          throw new UserFacingException(
              replica
                  + " is no longer a replica ("
                  + FailoverAction.roleText(role)
                  + "); nothing was run.");
        }
        r.clusterFailover();
      } catch (UserFacingException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new UserFacingException(
            "CLUSTER FAILOVER was refused: "
                + RedisProblem.of(target, e).message()
                + " Nothing was changed.",
            e);
      }
      log.info("target {}: CLUSTER FAILOVER sent to {}", target.name(), plan.param("replica"));
    }
    String newRole = await(target, replica, "master", progress, start);
    String oldRole = await(target, primary, "slave", progress, start);
    List<Field> evidence =
        List.of(
            Outcome.change("Primary", plan.param("primary"), plan.param("replica")),
            new Field("ROLE of " + plan.param("replica"), newRole, true),
            new Field("ROLE of " + plan.param("primary"), oldRole, true));
    if (!newRole.startsWith("master") || !oldRole.startsWith("slave")) {
      return Outcome.failure(
          "the roles had not swapped after "
              + Durations.format(Duration.ofNanos(System.nanoTime() - start)),
          evidence);
    }
    return Outcome.success(
        plan.param("replica") + " replaced " + plan.param("primary") + " as primary", evidence);
  }

  private String await(
      Target target, HostAndPort node, String wanted, Progress progress, long start) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    String last = "no answer";
    while (true) {
      try (Jedis j = connector.open(target, node)) {
        List<Object> role = j.role();
        last = FailoverAction.roleText(role);
        if (wanted.equals(String.valueOf(role.get(0)))) {
          return last
              + " (after "
              + Durations.format(Duration.ofNanos(System.nanoTime() - start))
              + ")";
        }
      } catch (RuntimeException e) {
        last = "unreachable"; // refused, or dropped mid-answer while it changes role
      }
      if (System.nanoTime() > deadline || progress.stopRequested()) {
        return last;
      }
      progress.update(
          Reply.builder("Failover of " + target.name())
              .text("waiting for " + node + " to report ROLE " + wanted)
              .build());
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return last;
      }
    }
  }

  private List<ClusterLine> nodes(Target target) {
    var seeds = new ArrayList<String>(target.nodes());
    seeds.add(target.endpoint().address());
    RuntimeException last = null;
    for (String seed : seeds) {
      try (Jedis j = connector.open(target, HostAndPort.from(seed))) {
        return ClusterLine.parse(j.clusterNodes());
      } catch (RuntimeException e) {
        last = e;
      }
    }
    throw TargetConnector.unreachable(target, Optional.ofNullable(last).orElseThrow());
  }
}
