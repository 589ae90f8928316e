package dev.incidentbot.recovery.action;

import dev.incidentbot.format.Bytes;
import dev.incidentbot.recovery.TargetFacts;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a cluster plan shows about its target, from the facts of each node it read: the nodes it
 * runs on (and those skipped), each primary's replicas and persistence on a line of its own, memory
 * summed over the primaries. Pure; thread-safe.
 */
final class ClusterFacts {
  private ClusterFacts() {}

  /** The facts of {@code set}'s cluster, from {@code read} (one answer per node of the set). */
  static TargetFacts of(NodeSet set, List<EachNode.Answer<TargetFacts>> read) {
    List<EachNode.Answer<TargetFacts>> primaries =
        read.stream().filter(a -> a.node().role().equals(NodeSet.PRIMARY)).toList();
    var holders = primaries.isEmpty() ? read : primaries;
    long used = holders.stream().mapToLong(a -> a.value().usedMemory()).sum();
    boolean allLimited = holders.stream().allMatch(a -> a.value().maxmemory() > 0);
    long max = allLimited ? holders.stream().mapToLong(a -> a.value().maxmemory()).sum() : 0;
    String policies =
        holders.stream().map(a -> a.value().policy()).distinct().collect(Collectors.joining(", "));
    String role =
        "cluster: "
            + set.describe()
            + (set.skipped().isEmpty() ? "" : "; skipped " + String.join("; ", set.skipped()));
    return new TargetFacts(
        role,
        perNode(holders, Part.REPLICAS),
        perNode(holders, Part.PERSISTENCE),
        used,
        max,
        policies,
        read.get(0).value().info());
  }

  /** "127.0.0.1:7001 (primary): 2.1 MiB used, no maxmemory, policy noeviction". */
  static String memoryLine(EachNode.Answer<TargetFacts> a) {
    return NodeSet.name(a.node())
        + ": "
        + a.value().memoryText()
        + ", policy "
        + a.value().policy();
  }

  /** "127.0.0.1:7001 (primary): 2.1 MiB used". */
  static String usedLine(EachNode.Answer<TargetFacts> a) {
    return NodeSet.name(a.node()) + ": " + Bytes.format(a.value().usedMemory()) + " used";
  }

  private enum Part {
    REPLICAS,
    PERSISTENCE
  }

  private static String perNode(List<EachNode.Answer<TargetFacts>> nodes, Part part) {
    return nodes.stream()
        .map(
            a ->
                a.node().label()
                    + ": "
                    + (part == Part.REPLICAS ? a.value().replicas() : a.value().persistence()))
        .collect(Collectors.joining("\n"));
  }
}
