package dev.incidentbot.redis.diagnostics;

import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.format.Bytes;
import dev.incidentbot.format.Counts;
import dev.incidentbot.redis.InfoSnapshot;
import dev.incidentbot.redis.NodeAnswers;
import dev.incidentbot.redis.NodeCalls;
import dev.incidentbot.redis.NodeResult;
import dev.incidentbot.redis.Resp;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.redis.Thresholds;
import dev.incidentbot.redis.health.HealthCheck;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;
import redis.clients.jedis.Protocol;

/**
 * {@code /redis memory}: used against maxmemory first, then policy, peak, fragmentation, the
 * highlights of MEMORY STATS and MEMORY DOCTOR's advice, for every node.
 */
public final class MemoryCommand implements Command {
  private final Targets targets;
  private final NodeCalls calls;

  public MemoryCommand(Targets targets, NodeCalls calls) {
    this.targets = targets;
    this.calls = calls;
  }

  /** What one node said about its memory. */
  record Memory(InfoSnapshot info, Map<String, Object> stats, String doctor) {
    long used() {
      return info.number("used_memory", 0);
    }

    long max() {
      return info.number("maxmemory", 0);
    }

    double percent() {
      return max() > 0 ? used() * 100.0 / max() : -1;
    }
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "redis memory",
        "used vs maxmemory, policy, fragmentation, MEMORY STATS and DOCTOR",
        Roles.VIEWER,
        OptionSpec.target(false));
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    Target target = targets.require(request.option("target"));
    NodeAnswers<Memory> answers =
        calls.onPrimaries(
            target,
            (j, n) ->
                new Memory(
                    HealthCheck.info(j, "memory"),
                    Resp.map(j.sendCommand(Protocol.Command.MEMORY, "STATS")),
                    Resp.text(j.sendCommand(Protocol.Command.MEMORY, "DOCTOR")).strip()));
    if (answers.unavailable().isPresent()) {
      return NodeReplies.unavailable(target, "memory figures", answers);
    }
    var reply = Reply.builder(title(target, answers));
    Severity severity = Severity.OK;
    var doctors = new java.util.LinkedHashMap<String, java.util.List<String>>();
    for (NodeResult<Memory> r : answers.answered()) {
      Memory m = r.value();
      severity = severity.max(severity(m, target.thresholds()));
      if (answers.multiNode()) {
        reply.field(r.node().label(), usage(m) + "\n" + stats(m.stats()));
      } else {
        reply.field("Usage", usage(m));
        reply.field("MEMORY STATS", stats(m.stats()));
      }
      doctors.computeIfAbsent(m.doctor(), d -> new ArrayList<>()).add(r.node().label());
    }
    doctors.forEach(
        (advice, nodes) ->
            reply.field(
                "MEMORY DOCTOR"
                    + (answers.multiNode() ? " (" + String.join(", ", nodes) + ")" : ""),
                NodeReplies.cut(NodeReplies.doctorAdvice(advice), 900)));
    reply.severity(severity);
    NodeReplies.addFailures(reply, answers);
    return reply.build();
  }

  private static String title(Target target, NodeAnswers<Memory> answers) {
    long used = answers.answered().stream().mapToLong(r -> r.value().used()).sum();
    long max = answers.answered().stream().mapToLong(r -> r.value().max()).sum();
    boolean allLimited = answers.answered().stream().allMatch(r -> r.value().max() > 0);
    String nodes =
        answers.multiNode()
            ? " across " + Counts.of(answers.answered().size(), "primary", "primaries")
            : "";
    if (allLimited && max > 0) {
      String fullest =
          answers.multiNode()
              ? answers.answered().stream()
                  .max(java.util.Comparator.comparingDouble(r -> r.value().percent()))
                  .map(
                      r ->
                          ", fullest "
                              + r.node().label()
                              + " at "
                              + NodeReplies.percent(r.value().percent()))
                  .orElse("")
              : "";
      return String.format(
          Locale.ROOT,
          "%s: memory %.0f %% of %s (%s used)%s%s",
          target.name(),
          used * 100.0 / max,
          Bytes.format(max),
          Bytes.format(used),
          nodes,
          fullest);
    }
    return target.name() + ": " + Bytes.format(used) + " used, no maxmemory" + nodes;
  }

  static Severity severity(Memory m, Thresholds t) {
    double p = m.percent();
    if (p > t.memoryCritPercent()) {
      return Severity.CRITICAL;
    }
    return p > t.memoryWarnPercent() ? Severity.WARN : Severity.OK;
  }

  private static String usage(Memory m) {
    InfoSnapshot i = m.info();
    var lines = new ArrayList<String>();
    lines.add(
        m.max() > 0
            ? String.format(
                Locale.ROOT,
                "%s of maxmemory %s (%s)",
                Bytes.format(m.used()),
                Bytes.format(m.max()),
                NodeReplies.percent(m.percent()))
            : Bytes.format(m.used()) + " used; maxmemory not set (no limit, no eviction)");
    String policy = i.text("maxmemory_policy", "?");
    lines.add(
        "policy "
            + policy
            + (policy.equals("noeviction") && m.max() > 0
                ? " (when full, writes fail with OOM)"
                : ""));
    lines.add(
        "peak "
            + Bytes.format(i.number("used_memory_peak", 0))
            + ", RSS "
            + Bytes.format(i.number("used_memory_rss", 0))
            + ", fragmentation ratio "
            + i.text("mem_fragmentation_ratio", "?"));
    lines.add(
        "dataset "
            + Bytes.format(i.number("used_memory_dataset", 0))
            + " ("
            + i.text("used_memory_dataset_perc", "?")
            + "), Lua "
            + Bytes.format(i.number("used_memory_lua", 0)));
    return String.join("\n", lines);
  }

  private static String stats(Map<String, Object> s) {
    var lines = new ArrayList<String>();
    long keys = Resp.number(s.get("keys.count"), -1);
    if (keys >= 0) {
      lines.add(
          Counts.of(keys, "key", "keys")
              + ", "
              + Counts.format(Resp.number(s.get("keys.bytes-per-key"), 0))
              + " bytes per key");
    }
    addBytes(lines, "overhead", s.get("overhead.total"));
    addBytes(lines, "clients (normal)", s.get("clients.normal"));
    addBytes(lines, "clients (replicas)", s.get("clients.slaves"));
    addBytes(lines, "replication backlog", s.get("replication.backlog"));
    addBytes(lines, "AOF buffer", s.get("aof.buffer"));
    String frag = Resp.text(s.get("fragmentation"));
    if (!frag.isEmpty()) {
      lines.add("fragmentation (RSS / used) " + twoDecimals(frag));
    }
    String allocator = Resp.text(s.get("allocator-fragmentation.ratio"));
    if (!allocator.isEmpty()) {
      lines.add("allocator fragmentation " + twoDecimals(allocator));
    }
    return lines.isEmpty() ? "(not available)" : String.join("\n", lines);
  }

  /** "6.41" for MEMORY STATS' "6.4050765037536621"; anything else as given. */
  static String twoDecimals(String ratio) {
    try {
      return String.format(Locale.ROOT, "%.2f", Double.parseDouble(ratio));
    } catch (NumberFormatException notANumber) {
      return ratio;
    }
  }

  private static void addBytes(java.util.List<String> lines, String label, Object raw) {
    long v = Resp.number(raw, -1);
    if (v > 0) { // a zero says nothing worth reading in an incident
      lines.add(label + " " + Bytes.format(v));
    }
  }
}
