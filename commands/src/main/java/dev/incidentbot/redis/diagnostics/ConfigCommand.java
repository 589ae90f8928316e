package dev.incidentbot.redis.diagnostics;

import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.format.Bytes;
import dev.incidentbot.format.Counts;
import dev.incidentbot.format.Durations;
import dev.incidentbot.redis.NodeAnswers;
import dev.incidentbot.redis.NodeCalls;
import dev.incidentbot.redis.NodeResult;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code /redis config param:<name>}: CONFIG GET for settings on an allowlist. A name may be a glob
 * ({@code maxmemory*}); it is matched against the allowlist here, and only allowlisted names are
 * ever sent to Redis, so a secret ({@code requirepass}, {@code masterauth}, ACL passwords) can
 * never come back, whatever is asked.
 */
public final class ConfigCommand implements Command {
  /** Settings whose values are secrets: never asked for, never shown. */
  static final Set<String> SECRETS =
      Set.of(
          "requirepass",
          "masterauth",
          "masteruser",
          "tls-key-file-pass",
          "tls-client-key-file-pass",
          "aclfile",
          "user");

  /**
   * The settings the runbooks look at; {@code dir} and the file names first of all in scenario D
   * (where is the disk that filled up, which file failed to write).
   */
  static final List<String> ALLOWED =
      List.of(
          "maxmemory",
          "maxmemory-policy",
          "maxmemory-samples",
          "maxmemory-eviction-tenacity",
          "maxclients",
          "timeout",
          "tcp-keepalive",
          "tcp-backlog",
          "databases",
          "save",
          "appendonly",
          "appendfsync",
          "auto-aof-rewrite-percentage",
          "auto-aof-rewrite-min-size",
          "aof-use-rdb-preamble",
          "no-appendfsync-on-rewrite",
          "stop-writes-on-bgsave-error",
          "rdbcompression",
          "rdbchecksum",
          "dir",
          "dbfilename",
          "appendfilename",
          "appenddirname",
          "aof-load-truncated",
          "aof-timestamp-enabled",
          "rdb-del-sync-files",
          "slowlog-log-slower-than",
          "slowlog-max-len",
          "latency-monitor-threshold",
          "latency-tracking",
          "lazyfree-lazy-eviction",
          "lazyfree-lazy-expire",
          "lazyfree-lazy-server-del",
          "lazyfree-lazy-user-del",
          "activedefrag",
          "active-defrag-threshold-lower",
          "hz",
          "io-threads",
          "busy-reply-threshold",
          "lua-time-limit",
          "replica-read-only",
          "replica-serve-stale-data",
          "repl-backlog-size",
          "repl-timeout",
          "repl-diskless-sync",
          "min-replicas-to-write",
          "min-replicas-max-lag",
          "cluster-node-timeout",
          "cluster-require-full-coverage",
          "cluster-allow-reads-when-down",
          "notify-keyspace-events",
          "client-output-buffer-limit",
          "maxmemory-clients",
          "protected-mode",
          "port",
          "bind");

  private static final Pattern NAME = Pattern.compile("[a-z0-9*?-]{1,64}");

  private final Targets targets;
  private final NodeCalls calls;

  public ConfigCommand(Targets targets, NodeCalls calls) {
    this.targets = targets;
    this.calls = calls;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "redis config",
        "CONFIG GET for an allowlist of settings (never secrets)",
        Roles.VIEWER,
        OptionSpec.target(false),
        OptionSpec.text("param", "setting name or glob, like maxmemory*", true));
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    Target target = targets.require(request.option("target"));
    String param = request.requireOption("param").toLowerCase(Locale.ROOT);
    List<String> names = allowedNames(param);
    NodeAnswers<Map<String, String>> answers =
        calls.onPrimaries(
            target, (j, n) -> new TreeMap<>(j.configGet(names.toArray(String[]::new))));
    if (answers.unavailable().isPresent()) {
      return NodeReplies.unavailable(target, "configuration", answers);
    }
    var reply = Reply.builder(title(target, param, answers));
    for (NodeResult<Map<String, String>> r : answers.answered()) {
      var lines = new ArrayList<String>();
      r.value().forEach((k, v) -> lines.add(line(k, v)));
      String text = lines.isEmpty() ? "(not set on this server)" : String.join("\n", lines);
      if (answers.multiNode()) {
        reply.field(NodeReplies.heading(r), text);
      } else {
        reply.code("", text);
      }
    }
    NodeReplies.addFailures(reply, answers);
    return reply.build();
  }

  /**
   * "cache: maxmemory = 104857600 (100.0 MiB)" for one setting with one value everywhere; "shard:
   * maxmemory differs across 3 primaries" when the nodes disagree; else "cache: CONFIG GET save".
   */
  private static String title(
      Target target, String param, NodeAnswers<Map<String, String>> answers) {
    var values = answers.answered().stream().map(NodeResult::value).distinct().toList();
    if (values.size() > 1) {
      return target.name()
          + ": "
          + param
          + " differs across "
          + Counts.of(answers.answered().size(), "node", "nodes");
    }
    if (values.size() == 1 && values.get(0).size() == 1) {
      var only = values.get(0).entrySet().iterator().next();
      return target.name() + ": " + line(only.getKey(), only.getValue());
    }
    return target.name() + ": CONFIG GET " + param;
  }

  /** "maxmemory = 104857600 (100.0 MiB)": the value as Redis gives it, then what it means. */
  static String line(String name, String value) {
    String shown = value.isEmpty() ? "\"\"" : value;
    return name + " = " + shown + meaning(name, value).map(m -> " (" + m + ")").orElse("");
  }

  /** What a numeric value means in the unit Redis reads it in, when that is not obvious. */
  static Optional<String> meaning(String name, String value) {
    long n;
    try {
      n = Long.parseLong(value);
    } catch (NumberFormatException notANumber) {
      return Optional.empty();
    }
    if (name.equals("maxmemory") && n == 0) {
      return Optional.of("no limit");
    }
    if (name.equals("slowlog-log-slower-than") && n < 0) {
      return Optional.of("slow log off");
    }
    if (n <= 0) {
      return Optional.empty();
    }
    return switch (name) {
      case "maxmemory", "repl-backlog-size", "auto-aof-rewrite-min-size", "maxmemory-clients" ->
          n < 1024 ? Optional.empty() : Optional.of(Bytes.format(n));
      case "slowlog-log-slower-than" -> Optional.of(NodeReplies.ms(n / 1000.0));
      case "latency-monitor-threshold",
          "lua-time-limit",
          "busy-reply-threshold",
          "cluster-node-timeout" ->
          Optional.of(Durations.format(Duration.ofMillis(n)));
      case "timeout", "tcp-keepalive", "repl-timeout" ->
          Optional.of(Durations.format(Duration.ofSeconds(n)));
      default -> Optional.empty();
    };
  }

  /** The allowlisted names {@code param} names or matches; a secret or unknown name is refused. */
  static List<String> allowedNames(String param) {
    if (!NAME.matcher(param).matches()) {
      throw new UserFacingException(
          "'" + param + "' is not a setting name; use letters, digits, - and * only.");
    }
    if (SECRETS.contains(param)) {
      throw new UserFacingException(
          param + " is a secret; the bot never reads or shows it, whoever asks.");
    }
    Pattern glob = Pattern.compile(param.replace("?", ".").replace("*", ".*"));
    List<String> names = ALLOWED.stream().filter(n -> glob.matcher(n).matches()).toList();
    if (names.isEmpty()) {
      throw new UserFacingException(
          "'"
              + param
              + "' is not on the bot's allowlist; it can show: "
              + String.join(", ", ALLOWED)
              + ".");
    }
    return names;
  }
}
