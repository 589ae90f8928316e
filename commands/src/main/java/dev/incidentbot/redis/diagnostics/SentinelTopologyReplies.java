package dev.incidentbot.redis.diagnostics;

import dev.incidentbot.chat.Reply;
import dev.incidentbot.redis.NodeResult;
import dev.incidentbot.redis.diagnostics.SentinelTopology.SentinelSays;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The reply of {@code /redis topology} for a Sentinel target: the master each sentinel gives with
 * its quorum check, the replicas and peers Sentinel knows, and what the master says of itself. The
 * severity is {@link SentinelTopology#severity}'s.
 */
final class SentinelTopologyReplies {
  private SentinelTopologyReplies() {}

  static Reply reply(SentinelTopology topology) {
    String master = topology.master().map(h -> h.getHost() + ":" + h.getPort()).orElse("unknown");
    var reply = Reply.builder(title(topology, master)).severity(topology.severity());
    if (topology.sentinelsDisagree()) {
      reply.text(
          "Sentinels disagree on the master ("
              + String.join(", ", topology.mastersGiven())
              + "): a failover is in progress or the sentinels are split.");
    }
    reply.field("Sentinels (CKQUORUM)", sentinels(topology));
    topology
        .firstAnswer()
        .ifPresent(
            says -> {
              reply.field("Replicas known to Sentinel", replicas(says.replicas()));
              reply.field("Other sentinels known", peers(says.sentinels()));
            });
    topology
        .masterView()
        .ifPresent(
            view -> reply.field("Master " + master + " says", TopologyCommand.describe(view)));
    if (topology.masterIsNotMaster()) {
      reply.line(
          "The address Sentinel gives answers as a "
              + topology.masterView().orElseThrow().role()
              + ": a failover has not finished, or Sentinel is stale.");
    }
    topology.masterProblem().ifPresent(p -> reply.field("✖ Master " + master, p));
    return reply.build();
  }

  private static String title(SentinelTopology topology, String master) {
    return topology.target().name()
        + ": master "
        + master
        + " per "
        + topology.said().answered().size()
        + " of "
        + topology.said().results().size()
        + " sentinels";
  }

  /** One line per sentinel: its master and CKQUORUM answer, or why it did not answer. */
  private static String sentinels(SentinelTopology topology) {
    var lines = new ArrayList<String>();
    for (NodeResult<SentinelSays> r : topology.said().results()) {
      if (!r.ok()) {
        lines.add("✖ " + r.node().label() + ": " + r.problem().message());
        continue;
      }
      SentinelSays s = r.value();
      lines.add(
          (s.quorumOk() ? "✔ " : "✖ ")
              + r.node().label()
              + ": master "
              + (s.master().isEmpty() ? "unknown" : s.master())
              + " · "
              + NodeReplies.cut(s.quorum(), 120));
    }
    return String.join("\n", lines);
  }

  private static String replicas(List<Map<String, String>> replicas) {
    if (replicas.isEmpty()) {
      return "none";
    }
    return replicas.stream()
        .map(
            m ->
                m.get("ip")
                    + ":"
                    + m.get("port")
                    + " "
                    + m.get("flags")
                    + ", link "
                    + m.getOrDefault("master-link-status", "?")
                    + ", offset "
                    + m.getOrDefault("slave-repl-offset", "?"))
        .collect(Collectors.joining("\n"));
  }

  private static String peers(List<Map<String, String>> sentinels) {
    if (sentinels.isEmpty()) {
      return "none (a single sentinel cannot survive its own failure)";
    }
    return sentinels.stream()
        .map(m -> m.get("ip") + ":" + m.get("port") + " " + m.get("flags"))
        .collect(Collectors.joining("\n"));
  }
}
