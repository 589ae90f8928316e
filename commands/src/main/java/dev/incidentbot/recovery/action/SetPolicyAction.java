package dev.incidentbot.recovery.action;

import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.recovery.Interruption;
import dev.incidentbot.recovery.Outcome;
import dev.incidentbot.recovery.Plan;
import dev.incidentbot.recovery.RecoveryAction;
import dev.incidentbot.recovery.Risk;
import dev.incidentbot.recovery.TargetFacts;
import dev.incidentbot.redis.Mode;
import dev.incidentbot.redis.Target;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * {@code /redis set-policy policy: [rewrite:true]}: CONFIG SET maxmemory-policy. The plan warns
 * when the new policy turns a full server into OOM errors (noeviction), or may evict queue and
 * session keys (an allkeys-* policy on a target holding keys of its protected patterns). On a
 * cluster: every node, primaries and replicas, with both warnings judged on each primary.
 */
public final class SetPolicyAction implements RecoveryAction {
  static final List<String> POLICIES =
      List.of(
          "noeviction",
          "allkeys-lru",
          "allkeys-lfu",
          "allkeys-random",
          "volatile-lru",
          "volatile-lfu",
          "volatile-random",
          "volatile-ttl");

  private static final int PROTECTED_SCAN_CALLS = 20;

  private final TargetConnector connector;

  public SetPolicyAction(TargetConnector connector) {
    this.connector = connector;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "redis set-policy",
        "CONFIG SET maxmemory-policy (optionally CONFIG REWRITE), after confirmation",
        Roles.OPERATOR,
        OptionSpec.choice("policy", "eviction policy", true, POLICIES),
        ConfigChanges.rewriteOption(),
        OptionSpec.target(false));
  }

  @Override
  public Plan plan(Request request) {
    Target target = connector.target(request.option("target"));
    String policy = request.requireOption("policy");
    boolean rewrite = ConfigChanges.rewrite(request);
    if (target.mode() == Mode.CLUSTER) {
      return clusterPlan(target, policy, rewrite);
    }
    try (Jedis jedis = connector.openPrimary(target)) {
      TargetFacts facts = TargetFacts.read(jedis);
      var plan =
          Plan.builder(spec().name(), target.name(), facts)
              .param("policy", policy)
              .param("rewrite", String.valueOf(rewrite))
              .willRun("CONFIG SET maxmemory-policy " + policy)
              .matches("memory now: " + facts.memoryText())
              .effect(
                  "maxmemory-policy "
                      + facts.policy()
                      + " → "
                      + policy
                      + ConfigChanges.lasting(rewrite, facts));
      if (rewrite) {
        plan.willRun(ConfigChanges.rewriteLine(facts));
      }
      plan.risk(Risk.MEDIUM, "changes which keys Redis drops when memory is full");
      if ("noeviction".equals(policy) && full(facts)) {
        plan.risk(
            Risk.HIGH,
            "memory is at "
                + facts.memoryText()
                + ": with noeviction, writes fail with OOM errors once it is full");
      }
      if (policy.startsWith("allkeys-")) {
        protectedKey(jedis, target)
            .ifPresent(
                key ->
                    plan.risk(
                        Risk.HIGH,
                        policy
                            + " may evict any key, including queue or session keys such as "
                            + key));
      }
      return plan.build();
    } catch (RuntimeException e) {
      throw TargetConnector.unreachable(target, e);
    }
  }

  /** What one node showed: its facts, and for a primary a key of a protected pattern if any. */
  private record NodeView(TargetFacts facts, Optional<String> protectedKey) {}

  /** Every node gets the policy; fullness and protected keys are judged on each primary. */
  private Plan clusterPlan(Target target, String policy, boolean rewrite) {
    NodeSet set = connector.everyNode(target);
    boolean allKeys = policy.startsWith("allkeys-");
    var read =
        EachNode.read(
            connector,
            set,
            (jedis, node) ->
                new NodeView(
                    TargetFacts.read(jedis),
                    allKeys && node.role().equals(NodeSet.PRIMARY)
                        ? protectedKey(jedis, target)
                        : Optional.empty()));
    var facts = read.stream().map(a -> new EachNode.Answer<>(a.node(), a.value().facts())).toList();
    String now =
        facts.stream().map(a -> a.value().policy()).distinct().collect(Collectors.joining(" / "));
    var plan =
        Plan.builder(spec().name(), target.name(), ClusterFacts.of(set, facts))
            .param("policy", policy)
            .param("rewrite", String.valueOf(rewrite))
            .willRun(ConfigChanges.willRunOnEach("maxmemory-policy", policy, rewrite, set))
            .matches(facts.stream().map(ClusterFacts::memoryLine).collect(Collectors.joining("\n")))
            .effect(
                "maxmemory-policy "
                    + now
                    + " → "
                    + policy
                    + " on every node"
                    + (rewrite ? ", written to each config file" : ", until the next restart"));
    plan.risk(Risk.MEDIUM, "changes which keys Redis drops when memory is full");
    for (var a : read) {
      if (!a.node().role().equals(NodeSet.PRIMARY)) {
        continue;
      }
      TargetFacts f = a.value().facts();
      if ("noeviction".equals(policy) && full(f)) {
        plan.risk(
            Risk.HIGH,
            "primary "
                + a.node().label()
                + " is at "
                + f.memoryText()
                + ": with noeviction, writes fail with OOM errors once it is full");
      }
      a.value()
          .protectedKey()
          .ifPresent(
              key ->
                  plan.risk(
                      Risk.HIGH,
                      policy
                          + " may evict any key, including queue or session keys such as "
                          + key
                          + " on "
                          + a.node().label()));
    }
    return plan.build();
  }

  private static boolean full(TargetFacts facts) {
    return facts.maxmemory() > 0 && facts.usedMemory() * 10 >= facts.maxmemory() * 9;
  }

  /** The maxmemory-policy each node has now, against the planned one. */
  @Override
  public Interruption measureAfterInterruption(Plan plan) {
    Target target = connector.target(Optional.of(plan.target()));
    return ConfigChanges.measure(
        connector, target, "maxmemory-policy", plan.param("policy"), value -> value);
  }

  @Override
  public Outcome execute(Plan plan, Progress progress) {
    Target target = connector.target(Optional.of(plan.target()));
    return ConfigChanges.apply(
        connector,
        target,
        progress,
        "maxmemory-policy",
        plan.param("policy"),
        Boolean.parseBoolean(plan.param("rewrite")),
        (before, after, facts) ->
            new Field[] {
              Outcome.change("maxmemory-policy", before, after),
              new Field("Memory now", facts.memoryText(), true)
            });
  }

  /** A key of one of the target's protected patterns, from a short bounded scan. */
  private static Optional<String> protectedKey(Jedis jedis, Target target) {
    for (String pattern : target.protectedPatterns()) {
      ScanParams params = new ScanParams().match(pattern).count(1000);
      String cursor = ScanParams.SCAN_POINTER_START;
      for (int i = 0; i < PROTECTED_SCAN_CALLS; i++) {
        ScanResult<String> page = jedis.scan(cursor, params);
        if (!page.getResult().isEmpty()) {
          return Optional.of(page.getResult().get(0));
        }
        cursor = page.getCursor();
        if (page.isCompleteIteration()) {
          break;
        }
      }
    }
    return Optional.empty();
  }
}
