package dev.incidentbot.recovery.action;

import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.format.Bytes;
import dev.incidentbot.recovery.Outcome;
import dev.incidentbot.recovery.Plan;
import dev.incidentbot.recovery.RecoveryAction;
import dev.incidentbot.recovery.Risk;
import dev.incidentbot.recovery.TargetFacts;
import dev.incidentbot.redis.InfoSnapshot;
import dev.incidentbot.redis.Mode;
import dev.incidentbot.redis.RedisProblem;
import dev.incidentbot.redis.Target;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import redis.clients.jedis.Jedis;

/**
 * {@code /redis memory-purge}: MEMORY PURGE asks the allocator (jemalloc) to return dirty pages to
 * the system, lowering RSS and fragmentation without touching data. On a cluster: every node,
 * primaries and replicas, one after another, each reported with its own RSS.
 */
public final class MemoryPurgeAction implements RecoveryAction {
  private static final String EFFECT =
      "RSS and fragmentation drop if the allocator holds free pages; data is untouched";
  private static final String RISK = "no data changes; the call itself is short";

  private final TargetConnector connector;

  public MemoryPurgeAction(TargetConnector connector) {
    this.connector = connector;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "redis memory-purge",
        "MEMORY PURGE: return freed allocator pages to the system, after confirmation",
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
      InfoSnapshot info = facts.info();
      return Plan.builder(spec().name(), target.name(), facts)
          .willRun("MEMORY PURGE")
          .matches(allocator(info))
          .effect(EFFECT)
          .risk(Risk.LOW, RISK)
          .build();
    } catch (RuntimeException e) {
      throw TargetConnector.unreachable(target, e);
    }
  }

  /** Every node of the cluster, each with its own RSS and fragmentation. */
  private Plan clusterPlan(Target target) {
    NodeSet set = connector.everyNode(target);
    var read = EachNode.read(connector, set, (jedis, node) -> TargetFacts.read(jedis));
    return Plan.builder(spec().name(), target.name(), ClusterFacts.of(set, read))
        .willRun("MEMORY PURGE " + set.onEach() + ", one node after another")
        .matches(
            read.stream()
                .map(a -> NodeSet.name(a.node()) + ": " + allocator(a.value().info()))
                .collect(Collectors.joining("\n")))
        .effect(EFFECT + ", on every node")
        .risk(Risk.LOW, RISK)
        .build();
  }

  private static String allocator(InfoSnapshot info) {
    return "used_memory_rss "
        + Bytes.format(info.number("used_memory_rss", 0))
        + ", fragmentation ratio "
        + info.text("mem_fragmentation_ratio", "?")
        + ", allocator "
        + info.text("mem_allocator", "?");
  }

  @Override
  public Outcome execute(Plan plan, Progress progress) {
    Target target = connector.target(Optional.of(plan.target()));
    NodeSet set = connector.everyNode(target);
    return EachNode.run(
        connector,
        set,
        progress,
        null,
        total -> "MEMORY PURGE ran on the " + set.describe() + " of " + target.name(),
        (jedis, at, where, p) -> new EachNode.Part(purge(jedis, at, where), 1));
  }

  private static Outcome purge(Jedis jedis, Target target, String where) {
    InfoSnapshot before;
    try {
      before = TargetFacts.read(jedis).info();
      jedis.memoryPurge();
    } catch (RuntimeException e) {
      throw new UserFacingException(
          "MEMORY PURGE failed: " + RedisProblem.of(target, e).message(), e);
    }
    InfoSnapshot after = TargetFacts.read(jedis).info();
    long rssBefore = before.number("used_memory_rss", 0);
    long rssAfter = after.number("used_memory_rss", 0);
    return Outcome.success(
        String.format(
            Locale.ROOT,
            "MEMORY PURGE ran on %s: RSS %s → %s",
            where,
            Bytes.format(rssBefore),
            Bytes.format(rssAfter)),
        List.of(
            Outcome.change("used_memory_rss", Bytes.format(rssBefore), Bytes.format(rssAfter)),
            Outcome.change(
                "mem_fragmentation_ratio",
                before.text("mem_fragmentation_ratio", "?"),
                after.text("mem_fragmentation_ratio", "?")),
            Outcome.change(
                "used_memory",
                Bytes.format(before.number("used_memory", 0)),
                Bytes.format(after.number("used_memory", 0)))));
  }
}
