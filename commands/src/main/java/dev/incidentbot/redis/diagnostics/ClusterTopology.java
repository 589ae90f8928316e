package dev.incidentbot.redis.diagnostics;

import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.format.Counts;
import dev.incidentbot.redis.ClusterNode;
import dev.incidentbot.redis.NodeResolver.ClusterView;
import dev.incidentbot.redis.Target;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * A cluster as one seed sees it: nodes with their slots and replicas, which of the 16384 slots are
 * served by a healthy primary, and which nodes are failed or possibly failed; with each answering
 * primary's own replication view, so that its replicas show their state, lag and offset.
 *
 * @param replication INFO replication of each primary that answered, by "host:port"
 */
record ClusterTopology(Target target, ClusterView view, Map<String, Replication> replication) {
  static final int SLOTS = 16384;

  ClusterTopology {
    replication = Map.copyOf(replication);
  }

  /** Slots served by a primary not flagged fail. */
  int covered() {
    return served().cardinality();
  }

  /** Slots still served, but by a primary flagged fail? (pfail): at risk, not yet lost. */
  int onPossiblyFailed() {
    var bits = new BitSet(SLOTS);
    for (ClusterNode n : view.nodes()) {
      if (n.primary() && !n.failed() && n.possiblyFailed()) {
        n.slots().forEach(r -> bits.set(r[0], r[1] + 1));
      }
    }
    return bits.cardinality();
  }

  /** Slots served by a primary not flagged fail. */
  private BitSet served() {
    var bits = new BitSet(SLOTS);
    for (ClusterNode n : view.nodes()) {
      if (n.primary() && !n.failed()) {
        n.slots().forEach(r -> bits.set(r[0], r[1] + 1));
      }
    }
    return bits;
  }

  Reply reply() {
    List<ClusterNode> nodes = view.nodes();
    long primaries = nodes.stream().filter(ClusterNode::primary).count();
    int covered = covered();
    int failing = onPossiblyFailed();
    long failed = nodes.stream().filter(ClusterNode::failed).count();
    long pfail = nodes.stream().filter(ClusterNode::possiblyFailed).count();
    String title =
        target.name()
            + ": "
            + Counts.format(covered)
            + " of "
            + Counts.format(SLOTS)
            + " slots covered, "
            + Counts.of(primaries, "primary", "primaries")
            + ", "
            + Counts.of(nodes.size() - primaries, "replica", "replicas");
    Severity severity =
        covered < SLOTS || failed > 0 ? Severity.CRITICAL : pfail > 0 ? Severity.WARN : Severity.OK;
    var reply = Reply.builder(title).severity(severity);
    reply.text(
        "As seen by seed "
            + view.seed()
            + ": "
            + failed
            + " failed, "
            + pfail
            + " possibly failed (pfail) node(s); "
            + Counts.format(failing)
            + " slots on a possibly failed primary, "
            + Counts.format(SLOTS - covered)
            + " slots uncovered.");
    reply.code("", NodeReplies.limit(nodeLines(nodes), 60));
    if (covered < SLOTS) {
      reply.field("Uncovered slots", ranges(served()));
    }
    return reply.build();
  }

  /** Each primary with its slots, its replicas under it, then replicas of unknown primaries. */
  private List<String> nodeLines(List<ClusterNode> nodes) {
    var lines = new ArrayList<String>();
    for (ClusterNode n : nodes) {
      if (!n.primary()) {
        continue;
      }
      lines.add(
          line(n)
              + " · slots "
              + TopologyCommand.slotsText(n)
              + " ("
              + Counts.format(n.slotCount())
              + ")");
      for (ClusterNode r : nodes) {
        if (n.id().equals(r.primaryId())) {
          lines.add("  └ replica " + line(r) + replicaState(n, r));
        }
      }
    }
    for (ClusterNode n : nodes) {
      if (!n.primary() && nodes.stream().noneMatch(p -> p.id().equals(n.primaryId()))) {
        lines.add("replica of unknown primary " + line(n));
      }
    }
    return lines;
  }

  /** " · online, lag 0 s, offset 1234 (0 bytes behind)", as the replica's primary reports it. */
  private String replicaState(ClusterNode primary, ClusterNode replica) {
    Replication rep = replication.get(primary.addressText());
    if (rep == null) {
      return "";
    }
    return rep.replicas().stream()
        .filter(r -> r.address().equals(replica.addressText()))
        .findFirst()
        .map(
            r ->
                " · "
                    + r.state()
                    + ", lag "
                    + r.lagSeconds()
                    + " s, offset "
                    + r.offset()
                    + " ("
                    + Counts.format(Math.max(0, rep.offset() - r.offset()))
                    + " bytes behind)")
        .orElse(" · not connected to its primary");
  }

  private static String line(ClusterNode n) {
    String state = n.failed() ? "FAIL" : n.possiblyFailed() ? "PFAIL" : n.linkState();
    return n.addressText() + " " + n.id().substring(0, Math.min(8, n.id().length())) + " " + state;
  }

  private static String ranges(BitSet covered) {
    var out = new ArrayList<String>();
    int i = covered.nextClearBit(0);
    while (i < SLOTS) {
      int end = Math.min(SLOTS, covered.nextSetBit(i) < 0 ? SLOTS : covered.nextSetBit(i)) - 1;
      out.add(i == end ? "" + i : i + "-" + end);
      i = covered.nextClearBit(end + 1);
    }
    return NodeReplies.limit(out, 20);
  }
}
