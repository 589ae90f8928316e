package dev.incidentbot.redis.diagnostics;

import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.redis.Node;
import dev.incidentbot.redis.NodeAnswers;
import dev.incidentbot.redis.NodeResult;
import dev.incidentbot.redis.Resp;
import dev.incidentbot.redis.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A Sentinel target as its sentinels see it: each one's master address and quorum check, the
 * replicas and peers it knows, and the master's own replication view.
 */
record SentinelTopology(
    Target target,
    NodeAnswers<SentinelSays> said,
    Optional<HostAndPort> master,
    Optional<Replication> masterView,
    Optional<String> masterProblem) {

  /** What one sentinel says about the monitored master. */
  record SentinelSays(
      String master,
      String quorum,
      boolean quorumOk,
      List<Map<String, String>> replicas,
      List<Map<String, String>> sentinels) {}

  static SentinelSays ask(Jedis j, Node n, String name) {
    List<String> addr = j.sentinelGetMasterAddrByName(name);
    String master = addr == null || addr.size() < 2 ? "" : addr.get(0) + ":" + addr.get(1);
    String quorum;
    boolean ok;
    try {
      quorum = Resp.text(j.sendCommand(Protocol.Command.SENTINEL, "CKQUORUM", name)).strip();
      ok = true;
    } catch (JedisDataException e) {
      quorum = String.valueOf(e.getMessage()).strip();
      ok = false;
    }
    return new SentinelSays(
        master, quorum, ok, maps(j, "REPLICAS", name), maps(j, "SENTINELS", name));
  }

  private static List<Map<String, String>> maps(Jedis j, String what, String name) {
    var out = new ArrayList<Map<String, String>>();
    for (Object raw : Resp.list(j.sendCommand(Protocol.Command.SENTINEL, what, name))) {
      var m = new LinkedHashMap<String, String>();
      Resp.map(raw).forEach((k, v) -> m.put(k, Resp.text(v)));
      out.add(m);
    }
    return out;
  }

  /** The master address most answering sentinels give, if any gives one. */
  static Optional<HostAndPort> majorityMaster(NodeAnswers<SentinelSays> said) {
    return said.answered().stream()
        .map(r -> r.value().master())
        .filter(m -> !m.isEmpty())
        .collect(Collectors.groupingBy(m -> m, LinkedHashMap::new, Collectors.counting()))
        .entrySet()
        .stream()
        .max(Map.Entry.comparingByValue())
        .map(e -> HostAndPort.from(e.getKey()));
  }

  Reply reply() {
    var distinct = said.answered().stream().map(r -> r.value().master()).distinct().toList();
    String masterText = master.map(h -> h.getHost() + ":" + h.getPort()).orElse("unknown");
    String title =
        target.name()
            + ": master "
            + masterText
            + " per "
            + said.answered().size()
            + " of "
            + said.results().size()
            + " sentinels";
    Severity severity = Severity.OK;
    var reply = Reply.builder(title);
    if (distinct.size() > 1) {
      severity = Severity.CRITICAL;
      reply.text(
          "Sentinels disagree on the master ("
              + String.join(", ", distinct)
              + "): a failover is in progress or the sentinels are split.");
    }
    var lines = new ArrayList<String>();
    SentinelSays any = null;
    for (NodeResult<SentinelSays> r : said.results()) {
      if (!r.ok()) {
        lines.add("✖ " + r.node().label() + ": " + r.problem().message());
        severity = severity.max(Severity.WARN);
        continue;
      }
      any = any == null ? r.value() : any;
      SentinelSays s = r.value();
      lines.add(
          (s.quorumOk() ? "✔ " : "✖ ")
              + r.node().label()
              + ": master "
              + (s.master().isEmpty() ? "unknown" : s.master())
              + " · "
              + NodeReplies.cut(s.quorum(), 120));
      if (!s.quorumOk()) {
        severity = Severity.CRITICAL;
      }
    }
    reply.field("Sentinels (CKQUORUM)", String.join("\n", lines));
    if (any != null) {
      reply.field("Replicas known to Sentinel", replicas(any.replicas()));
      reply.field(
          "Other sentinels known",
          any.sentinels().isEmpty()
              ? "none (a single sentinel cannot survive its own failure)"
              : any.sentinels().stream()
                  .map(m -> m.get("ip") + ":" + m.get("port") + " " + m.get("flags"))
                  .collect(Collectors.joining("\n")));
    }
    if (masterView.isPresent()) {
      reply.field("Master " + masterText + " says", TopologyCommand.describe(masterView.get()));
      if (!"master".equals(masterView.get().role())) {
        severity = Severity.CRITICAL;
        reply.line(
            "The address Sentinel gives answers as a "
                + masterView.get().role()
                + ": a failover has not finished, or Sentinel is stale.");
      }
    }
    masterProblem.ifPresent(
        p -> reply.field("✖ Master " + masterText, p).severity(Severity.CRITICAL));
    return reply
        .severity(severity.max(masterProblem.isPresent() ? Severity.CRITICAL : severity))
        .build();
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
}
