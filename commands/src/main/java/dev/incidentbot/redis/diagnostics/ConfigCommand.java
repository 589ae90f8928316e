package dev.incidentbot.redis.diagnostics;

import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.redis.NodeAnswers;
import dev.incidentbot.redis.NodeCalls;
import dev.incidentbot.redis.NodeResult;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

  /** The settings the runbooks look at. */
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
      return NodeReplies.unavailable(target, "configuration", answers.unavailable().get());
    }
    var reply = Reply.builder(target.name() + ": CONFIG GET " + param);
    for (NodeResult<Map<String, String>> r : answers.answered()) {
      var lines = new ArrayList<String>();
      r.value().forEach((k, v) -> lines.add(k + " = " + (v.isEmpty() ? "\"\"" : v)));
      if (answers.multiNode()) {
        reply.field(NodeReplies.heading(r), String.join("\n", lines));
      } else {
        reply.code("", lines.isEmpty() ? "(not set on this server)" : String.join("\n", lines));
      }
    }
    NodeReplies.addFailures(reply, answers);
    return reply.build();
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
