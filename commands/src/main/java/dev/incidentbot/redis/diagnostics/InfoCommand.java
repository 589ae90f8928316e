package dev.incidentbot.redis.diagnostics;

import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.format.Counts;
import dev.incidentbot.redis.NodeAnswers;
import dev.incidentbot.redis.NodeCalls;
import dev.incidentbot.redis.NodeResult;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.redis.health.HealthCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code /redis info section:<name>}: one INFO section of every node, as an aligned table. */
public final class InfoCommand implements Command {
  static final List<String> SECTIONS =
      List.of(
          "server",
          "clients",
          "memory",
          "persistence",
          "stats",
          "replication",
          "cpu",
          "modules",
          "errorstats",
          "cluster",
          "keyspace",
          "commandstats",
          "latencystats");

  private final Targets targets;
  private final NodeCalls calls;

  public InfoCommand(Targets targets, NodeCalls calls) {
    this.targets = targets;
    this.calls = calls;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "redis info",
        "one INFO section, formatted",
        Roles.VIEWER,
        OptionSpec.target(false),
        OptionSpec.text("section", "INFO section: " + String.join(", ", SECTIONS), true));
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    Target target = targets.require(request.option("target"));
    String section = request.requireOption("section").toLowerCase(Locale.ROOT);
    if (!SECTIONS.contains(section)) {
      throw new UserFacingException(
          "'" + section + "' is not an INFO section; use one of " + String.join(", ", SECTIONS));
    }
    NodeAnswers<Map<String, String>> answers =
        calls.onPrimaries(target, (j, n) -> HealthCheck.info(j, section).section(section));
    if (answers.unavailable().isPresent()) {
      return NodeReplies.unavailable(target, "INFO " + section, answers);
    }
    var reply = Reply.builder(target.name() + ": INFO " + section);
    if (answers.multiNode()) {
      reply.text(
          "From "
              + Counts.of(answers.answered().size(), "node", "nodes")
              + "; each block starts with the node it came from.");
    }
    for (NodeResult<Map<String, String>> r : answers.answered()) {
      Map<String, String> fields = r.value();
      String count = Counts.of(fields.size(), "field", "fields");
      String body = fields.isEmpty() ? "(empty section)" : table(fields);
      if (answers.multiNode()) {
        reply.code("", "# " + NodeReplies.heading(r) + ", " + count + "\n" + body);
      } else {
        reply.text(count + " from " + NodeReplies.heading(r));
        reply.code("", body);
      }
    }
    NodeReplies.addFailures(reply, answers);
    return reply.build();
  }

  /** "key value" lines, keys padded to one width; very long sections are cut. */
  static String table(Map<String, String> fields) {
    int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
    var lines = new ArrayList<String>();
    fields.forEach(
        (k, v) -> lines.add(k + " ".repeat(width - k.length() + 2) + NodeReplies.cut(v, 160)));
    return NodeReplies.limit(lines, 80);
  }
}
