package dev.incidentbot.recovery.action;

import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.format.Counts;
import dev.incidentbot.recovery.NothingToDo;
import dev.incidentbot.recovery.Outcome;
import dev.incidentbot.recovery.Plan;
import dev.incidentbot.recovery.RecoveryAction;
import dev.incidentbot.recovery.Risk;
import dev.incidentbot.recovery.TargetFacts;
import dev.incidentbot.redis.Mode;
import dev.incidentbot.redis.RedisProblem;
import dev.incidentbot.redis.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Slowlog;

/**
 * {@code /redis slowlog-reset}: SLOWLOG RESET, so that the next look at the slow log shows only
 * what happened after the fix. The plan shows the slowest entries about to be discarded. On a
 * cluster: every node's own slow log, primaries and replicas, each counted and reported.
 */
public final class SlowlogResetAction implements RecoveryAction {
  private static final int SAMPLES = 5;
  private static final int SAMPLES_PER_NODE = 2;
  private static final String EFFECT = "an empty slow log, so new slow commands stand out";
  private static final String RISK = "discards diagnostics only; no data changes";

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
    if (target.mode() == Mode.CLUSTER) {
      return clusterPlan(target);
    }
    try (Jedis jedis = connector.openPrimary(target)) {
      TargetFacts facts = TargetFacts.read(jedis);
      long length = jedis.slowlogLen();
      nothingToDo(length, target.name());
      var plan =
          Plan.builder(spec().name(), target.name(), facts)
              .willRun("SLOWLOG RESET")
              .matches(entries(length) + " will be discarded")
              .effect(EFFECT)
              .risk(Risk.LOW, RISK);
      samples(jedis, SAMPLES).forEach(plan::sample);
      return plan.build();
    } catch (RuntimeException e) {
      throw TargetConnector.unreachable(target, e);
    }
  }

  /** What one node's slow log holds. */
  private record NodeLog(TargetFacts facts, long length, List<String> samples) {}

  /** Every node of the cluster keeps its own slow log: each is counted and sampled. */
  private Plan clusterPlan(Target target) {
    NodeSet set = connector.everyNode(target);
    var read =
        EachNode.read(
            connector,
            set,
            (jedis, node) ->
                new NodeLog(
                    TargetFacts.read(jedis), jedis.slowlogLen(), samples(jedis, SAMPLES_PER_NODE)));
    var facts = read.stream().map(a -> new EachNode.Answer<>(a.node(), a.value().facts())).toList();
    long total = read.stream().mapToLong(a -> a.value().length()).sum();
    nothingToDo(total, target.name() + " (" + set.describe() + ")");
    var plan =
        Plan.builder(spec().name(), target.name(), ClusterFacts.of(set, facts))
            .willRun("SLOWLOG RESET " + set.onEach() + ", one node after another")
            .matches(
                entries(total)
                    + " will be discarded: "
                    + read.stream()
                        .map(a -> a.node().label() + " " + a.value().length())
                        .collect(Collectors.joining(", ")))
            .effect(EFFECT + ", on every node")
            .risk(Risk.LOW, RISK);
    for (var a : read) {
      a.value().samples().forEach(sample -> plan.sample(a.node().label() + " " + sample));
    }
    return plan.build();
  }

  private static List<String> samples(Jedis jedis, int count) {
    var out = new ArrayList<String>();
    for (Slowlog entry : jedis.slowlogGet(count)) {
      out.add(
          millis(entry.getExecutionTime())
              + ": "
              + String.join(" ", entry.getArgs().stream().limit(4).toList()));
    }
    return out;
  }

  @Override
  public Outcome execute(Plan plan, Progress progress) {
    Target target = connector.target(Optional.of(plan.target()));
    NodeSet set = connector.everyNode(target);
    return EachNode.run(
        connector,
        set,
        progress,
        "Entries discarded",
        total ->
            "slow logs of the "
                + set.describe()
                + " of "
                + target.name()
                + " reset ("
                + Counts.of(total, "entry", "entries")
                + " discarded)",
        (jedis, at, where, p) -> reset(jedis, at, where));
  }

  private static EachNode.Part reset(Jedis jedis, Target target, String where) {
    long before;
    try {
      before = jedis.slowlogLen();
      jedis.slowlogReset();
    } catch (RuntimeException e) {
      throw new UserFacingException(
          "SLOWLOG RESET failed: " + RedisProblem.of(target, e).message(), e);
    }
    long after = jedis.slowlogLen();
    return new EachNode.Part(
        Outcome.doneAfter(
            before,
            before == 0
                ? "the slow log of " + where + " was already empty"
                : "slow log of "
                    + where
                    + " reset ("
                    + Counts.of(before, "entry", "entries")
                    + " discarded)",
            List.of(Outcome.change("SLOWLOG LEN", before, after))),
        before);
  }

  /**
   * Refuses to plan the reset of an empty slow log.
   *
   * @throws NothingToDo when there is no entry
   */
  private static void nothingToDo(long entries, String where) {
    if (entries == 0) {
      throw new NothingToDo("The slow log of " + where + " is empty: nothing to do.");
    }
  }

  /** "1 slow log entry", "12 slow log entries". */
  private static String entries(long n) {
    return Counts.of(n, "slow log entry", "slow log entries");
  }

  /** An entry's duration as /redis slowlog shows it: "2.50 ms", "300 ms". */
  private static String millis(long micros) {
    double ms = micros / 1000.0;
    return String.format(Locale.ROOT, ms < 10 ? "%.2f ms" : "%.0f ms", ms);
  }
}
