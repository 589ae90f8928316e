package dev.incidentbot.redis.diagnostics;

import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.format.Counts;
import dev.incidentbot.format.Durations;
import dev.incidentbot.redis.NodeAnswers;
import dev.incidentbot.redis.NodeCalls;
import dev.incidentbot.redis.NodeResult;
import dev.incidentbot.redis.Resp;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import redis.clients.jedis.Protocol;

/**
 * {@code /redis slowlog [count]}: the most recent slow commands of every node, newest first, with
 * duration, age, client and the command cut to a safe length. Arguments of commands that carry
 * secrets (AUTH, HELLO, ACL SETUSER, CONFIG SET of a password, MIGRATE) are never shown.
 */
public final class SlowlogCommand implements Command {
  static final int DEFAULT_COUNT = 10;
  static final int MAX_COUNT = 50;
  private static final int MAX_ARG = 40;
  private static final int MAX_COMMAND = 120;
  private static final Set<String> SECRET_COMMANDS = Set.of("AUTH", "HELLO", "MIGRATE");

  private final Targets targets;
  private final NodeCalls calls;

  public SlowlogCommand(Targets targets, NodeCalls calls) {
    this.targets = targets;
    this.calls = calls;
  }

  /** One slow log entry. */
  record Entry(
      String node, long id, Instant at, long micros, String client, String name, String command) {}

  /** What one node's slow log holds: its total length and the newest entries. */
  record Log(long length, long thresholdMicros, List<Entry> entries) {}

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "redis slowlog",
        "recent slow commands with duration, age and client",
        Roles.VIEWER,
        OptionSpec.target(false),
        OptionSpec.integer(
            "count", "how many, 1-" + MAX_COUNT + " (default 10)", false, 1, MAX_COUNT));
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    Target target = targets.require(request.option("target"));
    int count = request.option("count").map(Integer::parseInt).orElse(DEFAULT_COUNT);
    if (count < 1 || count > MAX_COUNT) {
      throw new UserFacingException("count must be between 1 and " + MAX_COUNT + ".");
    }
    NodeAnswers<Log> answers = calls.onPrimaries(target, (j, n) -> read(j, n.label(), count));
    if (answers.unavailable().isPresent()) {
      return NodeReplies.unavailable(target, "slow log", answers);
    }
    var entries = new ArrayList<Entry>();
    long total = 0;
    for (NodeResult<Log> r : answers.answered()) {
      entries.addAll(r.value().entries());
      total += r.value().length();
    }
    entries.sort(Comparator.comparing(Entry::at).reversed());
    List<Entry> shown = entries.subList(0, Math.min(count, entries.size()));
    long slowest = shown.stream().mapToLong(Entry::micros).max().orElse(0);
    String title =
        shown.isEmpty()
            ? target.name() + ": slow log is empty" + NodeReplies.partly(answers)
            : target.name()
                + ": slowest "
                + NodeReplies.ms(slowest / 1000.0)
                + " of the "
                + Counts.of(shown.size(), "latest slow command", "latest slow commands")
                + (total > shown.size() ? " (" + Counts.format(total) + " kept)" : "");
    var reply = Reply.builder(title).severity(shown.isEmpty() ? Severity.OK : Severity.INFO);
    var thresholds = new ArrayList<String>();
    for (NodeResult<Log> r : answers.answered()) {
      thresholds.add(
          (answers.multiNode() ? r.node().label() + ": " : "")
              + Counts.of(r.value().length(), "entry", "entries")
              + " kept, "
              + threshold(r.value().thresholdMicros()));
    }
    reply.text(String.join("\n", thresholds));
    if (!shown.isEmpty()) {
      var lines = new ArrayList<String>();
      Instant now = Instant.now();
      for (Entry e : shown) {
        lines.add(line(e, now, answers.multiNode()));
      }
      reply.code("", String.join("\n", lines));
    }
    if (total == 0) {
      reply.line("Nothing ran slower than the threshold since the log was last reset.");
    }
    NodeReplies.addFailures(reply, answers);
    return reply.build();
  }

  /** "slowlog-log-slower-than 10 ms", or what a negative or zero threshold means. */
  static String threshold(long micros) {
    if (micros < 0) {
      return "slowlog-log-slower-than " + micros + ": the slow log is off";
    }
    if (micros == 0) {
      return "slowlog-log-slower-than 0: every command is logged";
    }
    return "slowlog-log-slower-than " + NodeReplies.ms(micros / 1000.0);
  }

  private static String line(Entry e, Instant now, boolean withNode) {
    long age = Math.max(0, Duration.between(e.at(), now).getSeconds());
    return String.format(
        Locale.ROOT,
        "%9s  %-13s %s%s%s  %s",
        NodeReplies.ms(e.micros() / 1000.0),
        age == 0 ? "just now" : Durations.format(Duration.ofSeconds(age)) + " ago",
        withNode ? "[" + e.node() + "] " : "",
        e.client().isEmpty() ? "?" : e.client(),
        e.name().isEmpty() ? "" : " (" + e.name() + ")",
        e.command());
  }

  private static Log read(redis.clients.jedis.Jedis j, String node, int count) {
    long length = Resp.number(j.sendCommand(Protocol.Command.SLOWLOG, "LEN"), 0);
    long threshold =
        Long.parseLong(
            j.configGet("slowlog-log-slower-than")
                .getOrDefault("slowlog-log-slower-than", "10000"));
    var entries = new ArrayList<Entry>();
    for (Object raw : Resp.list(j.sendCommand(Protocol.Command.SLOWLOG, "GET", "" + count))) {
      List<Object> f = Resp.list(raw);
      List<String> args = Resp.list(f.get(3)).stream().map(Resp::text).toList();
      entries.add(
          new Entry(
              node,
              Resp.number(f.get(0), 0),
              Instant.ofEpochSecond(Resp.number(f.get(1), 0)),
              Resp.number(f.get(2), 0),
              f.size() > 4 ? Resp.text(f.get(4)) : "",
              f.size() > 5 ? Resp.text(f.get(5)) : "",
              safeCommand(args)));
    }
    return new Log(length, threshold, entries);
  }

  /** The command as people read it, secrets removed, each argument and the whole line cut. */
  static String safeCommand(List<String> args) {
    if (args.isEmpty()) {
      return "";
    }
    String name = args.get(0).toUpperCase(Locale.ROOT);
    String sub = args.size() > 1 ? args.get(1).toUpperCase(Locale.ROOT) : "";
    boolean secret =
        SECRET_COMMANDS.contains(name)
            || (name.equals("ACL") && (sub.equals("SETUSER") || sub.equals("DRYRUN")))
            || (name.equals("CONFIG") && sub.equals("SET") && mentionsSecret(args));
    if (secret) {
      int keep = name.equals("ACL") || name.equals("CONFIG") ? 2 : 1;
      return String.join(" ", args.subList(0, Math.min(keep, args.size()))) + " (redacted)";
    }
    var sb = new StringBuilder();
    for (String a : args) {
      String shown = printable(a);
      sb.append(sb.isEmpty() ? "" : " ").append(NodeReplies.cut(shown, MAX_ARG));
      if (sb.length() > MAX_COMMAND) {
        break;
      }
    }
    return NodeReplies.cut(sb.toString(), MAX_COMMAND);
  }

  private static boolean mentionsSecret(List<String> args) {
    return args.stream()
        .map(a -> a.toLowerCase(Locale.ROOT))
        .anyMatch(ConfigCommand.SECRETS::contains);
  }

  /** Control characters and backticks replaced, so no argument can break the code block. */
  private static String printable(String s) {
    var sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      sb.append(Character.isISOControl(c) || c == '`' ? '?' : c);
    }
    return sb.toString();
  }
}
