package dev.incidentbot.redis.diagnostics;

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
 * replicas and peers it knows, and the master's own replication view. {@link
 * SentinelTopologyReplies} renders it.
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

  /** The distinct master addresses the answering sentinels give, in the order first given. */
  List<String> mastersGiven() {
    return said.answered().stream().map(r -> r.value().master()).distinct().toList();
  }

  /** Whether the answering sentinels give more than one master address. */
  boolean sentinelsDisagree() {
    return mastersGiven().size() > 1;
  }

  /** The first sentinel's answer, for the replicas and peers it knows. */
  Optional<SentinelSays> firstAnswer() {
    return said.answered().stream().findFirst().map(NodeResult::value);
  }

  /** Whether the address Sentinel gives answers as something other than a master. */
  boolean masterIsNotMaster() {
    return masterView.map(v -> !"master".equals(v.role())).orElse(false);
  }

  /**
   * Critical when the sentinels disagree, one fails its quorum check, the master is not a master or
   * did not answer; a warning when a sentinel did not answer; else OK.
   */
  Severity severity() {
    boolean quorumFails = said.answered().stream().anyMatch(r -> !r.value().quorumOk());
    if (sentinelsDisagree() || quorumFails || masterIsNotMaster() || masterProblem.isPresent()) {
      return Severity.CRITICAL;
    }
    return said.results().stream().allMatch(NodeResult::ok) ? Severity.OK : Severity.WARN;
  }
}
