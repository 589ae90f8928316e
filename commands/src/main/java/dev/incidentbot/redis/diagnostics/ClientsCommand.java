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
import dev.incidentbot.format.Durations;
import dev.incidentbot.redis.InfoSnapshot;
import dev.incidentbot.redis.NodeAnswers;
import dev.incidentbot.redis.NodeCalls;
import dev.incidentbot.redis.NodeResult;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.redis.Thresholds;
import dev.incidentbot.redis.health.HealthCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code /redis clients [sort:idle|memory]}: connected clients against maxclients, blocked and
 * rejected counts, clients grouped by address, name and user, and the oldest idle (or the most
 * memory-hungry) connections, from CLIENT LIST of every node.
 */
public final class ClientsCommand implements Command {
  static final int TOP = 10;
  static final int GROUPS = 5;

  private final Targets targets;
  private final NodeCalls calls;

  public ClientsCommand(Targets targets, NodeCalls calls) {
    this.targets = targets;
    this.calls = calls;
  }

  /** One line of CLIENT LIST. */
  record Client(Map<String, String> fields) {
    String get(String name) {
      return fields.getOrDefault(name, "");
    }

    long number(String name) {
      try {
        return Long.parseLong(get(name));
      } catch (NumberFormatException e) {
        return 0;
      }
    }

    String host() {
      String addr = get("addr");
      int colon = addr.lastIndexOf(':');
      return colon < 0 ? addr : addr.substring(0, colon);
    }
  }

  /** What one node said: INFO clients and stats, its maxclients, and its clients. */
  record Clients(InfoSnapshot info, List<Client> list) {}

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "redis clients",
        "connected clients vs maxclients, grouped, oldest idle first",
        Roles.VIEWER,
        OptionSpec.target(false),
        OptionSpec.choice("sort", "idle (default) or memory", false, List.of("idle", "memory")));
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    Target target = targets.require(request.option("target"));
    boolean byMemory = request.option("sort").map("memory"::equals).orElse(false);
    NodeAnswers<Clients> answers =
        calls.onPrimaries(
            target,
            (j, n) -> new Clients(HealthCheck.info(j, "clients", "stats"), parse(j.clientList())));
    if (answers.unavailable().isPresent()) {
      return NodeReplies.unavailable(target, "client list", answers);
    }
    var reply = Reply.builder(title(target, answers));
    Severity severity = Severity.OK;
    for (NodeResult<Clients> r : answers.answered()) {
      Clients c = r.value();
      severity = severity.max(severity(c, target.thresholds()));
      String prefix = answers.multiNode() ? r.node().label() + " · " : "";
      reply.field(prefix + "Totals", totals(c));
      reply.field(prefix + "By address", groups(c.list(), Client::host));
      reply.field(prefix + "By name", groups(c.list(), cl -> orNone(cl.get("name"), "(no name)")));
      reply.field(prefix + "By user", groups(c.list(), cl -> orNone(cl.get("user"), "(no user)")));
      reply.code("", top(c.list(), byMemory, answers.multiNode() ? r.node().label() : ""));
    }
    NodeReplies.addFailures(reply, answers);
    return reply.severity(severity).build();
  }

  private static String title(Target target, NodeAnswers<Clients> answers) {
    long connected = 0;
    long max = 0;
    long blocked = 0;
    for (NodeResult<Clients> r : answers.answered()) {
      connected += r.value().info().number("connected_clients", 0);
      max += r.value().info().number("maxclients", 0);
      blocked += r.value().info().number("blocked_clients", 0);
    }
    return target.name()
        + ": "
        + Counts.of(connected, "client", "clients")
        + " of "
        + Counts.format(max)
        + " max ("
        + NodeReplies.percent(max > 0 ? connected * 100.0 / max : 0)
        + "), "
        + Counts.format(blocked)
        + " blocked";
  }

  static Severity severity(Clients c, Thresholds t) {
    long connected = c.info().number("connected_clients", 0);
    long max = c.info().number("maxclients", 0);
    double percent = max > 0 ? connected * 100.0 / max : 0;
    if (connected > t.clientsCrit() || percent > t.clientsPercentOfMax()) {
      return Severity.CRITICAL;
    }
    return connected > t.clientsWarn() || c.info().number("blocked_clients", 0) > 0
        ? Severity.WARN
        : Severity.OK;
  }

  private static String totals(Clients c) {
    InfoSnapshot i = c.info();
    long connected = i.number("connected_clients", 0);
    long max = i.number("maxclients", 0);
    return Counts.format(connected)
        + " connected of maxclients "
        + Counts.format(max)
        + " ("
        + NodeReplies.percent(max > 0 ? connected * 100.0 / max : 0)
        + ")\n"
        + Counts.format(i.number("blocked_clients", 0))
        + " blocked (BLPOP and friends), "
        + Counts.format(i.number("rejected_connections", 0))
        + " connections rejected since start\n"
        + "biggest input buffer "
        + Bytes.format(i.number("client_recent_max_input_buffer", 0))
        + ", output buffer "
        + Bytes.format(i.number("client_recent_max_output_buffer", 0));
  }

  private static String groups(List<Client> list, Function<Client, String> key) {
    Map<String, Long> counts =
        list.stream()
            .collect(Collectors.groupingBy(key, LinkedHashMap::new, Collectors.counting()));
    if (counts.size() > 3 && counts.values().stream().allMatch(n -> n == 1)) {
      // thirty "1 × name" lines say less than one line that they are all different
      var names = counts.keySet().stream().limit(GROUPS).toList();
      return Counts.format(counts.size())
          + " different, one client each: "
          + String.join(", ", names)
          + (counts.size() > names.size()
              ? " … and " + Counts.format(counts.size() - names.size()) + " more"
              : "");
    }
    var lines =
        counts.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .map(e -> Counts.format(e.getValue()) + " × " + e.getKey())
            .toList();
    return lines.isEmpty() ? "none" : NodeReplies.limit(lines, GROUPS);
  }

  /**
   * The oldest idle (or most memory-hungry) clients, sorted column first; {@code node} heads it.
   */
  private static String top(List<Client> list, boolean byMemory, String node) {
    Comparator<Client> order =
        byMemory
            ? Comparator.comparingLong((Client c) -> c.number("tot-mem")).reversed()
            : Comparator.comparingLong((Client c) -> c.number("idle")).reversed();
    var lines = new ArrayList<String>();
    lines.add(
        (byMemory ? "Most memory" : "Oldest idle") + (node.isEmpty() ? "" : " on " + node) + ":");
    list.stream()
        .sorted(order)
        .limit(TOP)
        .forEach(
            c -> {
              String idle = "idle " + Durations.format(Duration.ofSeconds(c.number("idle")));
              String memory = Bytes.format(c.number("tot-mem"));
              lines.add(
                  String.format(
                      Locale.ROOT,
                      byMemory
                          ? "%9s  %-14s %s %s user=%s cmd=%s"
                          : "%-14s %9s  %s %s user=%s cmd=%s",
                      byMemory ? memory : idle,
                      byMemory ? idle : memory,
                      c.get("addr"),
                      orNone(c.get("name"), "(no name)"),
                      c.get("user"),
                      c.get("cmd")));
            });
    if (list.size() > TOP) {
      lines.add("… and " + Counts.format(list.size() - TOP) + " more");
    }
    return String.join("\n", lines);
  }

  private static String orNone(String s, String none) {
    return s.isEmpty() ? none : s;
  }

  static List<Client> parse(String clientList) {
    var out = new ArrayList<Client>();
    for (String line : clientList.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      var fields = new LinkedHashMap<String, String>();
      for (String part : line.strip().split(" ")) {
        int eq = part.indexOf('=');
        if (eq > 0) {
          fields.put(part.substring(0, eq), part.substring(eq + 1));
        }
      }
      out.add(new Client(fields));
    }
    return out;
  }
}
