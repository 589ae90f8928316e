package dev.incidentbot.recovery.action;

import dev.incidentbot.redis.Mode;
import dev.incidentbot.redis.Node;
import dev.incidentbot.redis.Target;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The nodes of a target one action runs on, resolved when it plans and again when it runs: the
 * standalone node or the master Sentinel names now (one node), or the cluster nodes the action
 * needs — the primaries serving slots, or every node — as the first seed that answered CLUSTER
 * NODES sees them.
 *
 * @param target the target
 * @param nodes where the action runs, primaries first (by their first slot), then replicas; a
 *     replica's role names its primary ("replica of 127.0.0.1:7001")
 * @param skipped cluster nodes left out because the cluster marks them failed (or knows no address
 *     for them), one line each: "127.0.0.1:7005 (replica of 127.0.0.1:7001): marked failed"
 */
public record NodeSet(Target target, List<Node> nodes, List<String> skipped) {
  static final String PRIMARY = "primary";

  public NodeSet {
    Objects.requireNonNull(target, "target");
    nodes = List.copyOf(nodes);
    skipped = List.copyOf(skipped);
  }

  /** Whether this is a cluster's set, whose plans and outcomes name a node on every line. */
  public boolean cluster() {
    return target.mode() == Mode.CLUSTER;
  }

  /** "3 primaries", "3 primaries and 1 replica", "1 node". */
  public String describe() {
    long primaries = nodes.stream().filter(n -> n.role().equals(PRIMARY)).count();
    long replicas = nodes.stream().filter(n -> n.role().startsWith("replica")).count();
    if (primaries + replicas != nodes.size()) {
      return count(nodes.size(), "node", "nodes");
    }
    return count(primaries, "primary", "primaries")
        + (replicas == 0 ? "" : " and " + count(replicas, "replica", "replicas"));
  }

  /** "127.0.0.1:7001, 127.0.0.1:7002". */
  public String labels() {
    return nodes.stream().map(Node::label).collect(Collectors.joining(", "));
  }

  /** "the 3 primaries 127.0.0.1:7001, …", for the lines of a plan that say where it runs. */
  public String onEach() {
    return "on each of the " + describe() + " (" + labels() + ")";
  }

  /**
   * The target as one of its nodes: for a cluster node, messages and connections name that node; a
   * standalone or Sentinel target's single node is the target itself, as before.
   */
  public Target at(Node node) {
    return cluster() ? target.atNode(node.address().getHost(), node.address().getPort()) : target;
  }

  /** How a node's own headline names it: the node's address in a cluster, else the target. */
  public String where(Node node) {
    return cluster() ? node.label() : target.name();
  }

  /** "127.0.0.1:7001 (primary)": a node as the lines of plans and outcomes name it. */
  public static String name(Node node) {
    return node.label() + " (" + node.role() + ")";
  }

  private static String count(long n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }
}
