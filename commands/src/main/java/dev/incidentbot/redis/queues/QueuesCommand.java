package dev.incidentbot.redis.queues;

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
import dev.incidentbot.redis.NodeAnswers;
import dev.incidentbot.redis.NodeCalls;
import dev.incidentbot.redis.NodeResult;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.redis.diagnostics.NodeReplies;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code /redis queues [prefix]}: BullMQ queues under the given prefix, or under each of the
 * target's {@code bullmqPrefixes} (default {@value #DEFAULT_PREFIX}), and RQ queues, with jobs per
 * state, stalled and abandoned jobs, and depth over the target's threshold flagged. Runs on every
 * primary under the target's deadline; says so when it could not inspect every queue in time.
 */
public final class QueuesCommand implements Command {
  public static final String DEFAULT_PREFIX = BullMqQueues.DEFAULT_PREFIX;

  private final Targets targets;
  private final QueueSurvey survey;
  private final NodeCalls calls;

  public QueuesCommand(Targets targets, QueueSurvey survey, NodeCalls calls) {
    this.targets = targets;
    this.survey = survey;
    this.calls = calls;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "redis queues",
        "BullMQ and RQ queues: jobs per state, stalled, abandoned, depth",
        Roles.VIEWER,
        OptionSpec.target(false),
        OptionSpec.text("prefix", "BullMQ key prefix (default: the target's, bull)", false));
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    Target target = targets.require(request.option("target"));
    List<String> prefixes = prefixes(request, target);
    // nine tenths of the timeout, so that the survey ends before NodeCalls cuts the node off
    long budget = target.timeout().toNanos() * 9 / 10;
    NodeAnswers<QueueSurvey.Survey> answers =
        calls.onPrimaries(
            target, (j, n) -> survey.survey(j, target, prefixes, System.nanoTime() + budget));
    if (answers.unavailable().isPresent()) {
      return NodeReplies.unavailable(target, "queue counts", answers);
    }
    var queues = new ArrayList<QueueState>();
    var nodeOf = new IdentityHashMap<QueueState, String>();
    var partial = new ArrayList<String>();
    var uninspected = new ArrayList<String>();
    for (NodeResult<QueueSurvey.Survey> r : answers.answered()) {
      QueueSurvey.Survey s = r.value();
      queues.addAll(s.queues());
      if (answers.multiNode()) {
        s.queues().forEach(q -> nodeOf.put(q, r.node().label()));
      }
      if (!s.complete()) {
        partial.add(r.node().label());
      }
      if (!s.allInspected()) {
        uninspected.add(
            Counts.format(s.queues().size())
                + " of "
                + Counts.format(s.found())
                + " inspected on "
                + r.node().label());
      }
    }
    long limit = target.thresholds().queueDepth();
    long deep = queues.stream().filter(q -> q.depth() > limit).count();
    boolean trouble = queues.stream().anyMatch(q -> !q.notes().isEmpty());
    long waiting = queues.stream().mapToLong(QueueState::depth).sum();
    String title =
        queues.isEmpty()
            ? target.name()
                + ": no BullMQ (prefix "
                + String.join(", ", prefixes)
                + ") or RQ queues found"
                + NodeReplies.partly(answers)
            : target.name()
                + ": "
                + Counts.of(queues.size(), "queue", "queues")
                + ", "
                + Counts.of(waiting, "job", "jobs")
                + " waiting"
                + (deep > 0
                    ? ", " + Counts.format(deep) + " over depth " + Counts.format(limit)
                    : "");
    var reply =
        Reply.builder(title)
            .severity(deep > 0 ? Severity.WARN : trouble ? Severity.WARN : Severity.OK);
    for (String prefix : prefixes) {
      List<QueueState> of =
          queues.stream()
              .filter(q -> q.system().equals("BullMQ") && q.prefix().equals(prefix))
              .toList();
      if (!of.isEmpty()) {
        reply.code(
            "", table(prefix.equals(DEFAULT_PREFIX) ? "BullMQ" : "BullMQ " + prefix, of, nodeOf));
      }
    }
    List<QueueState> rq = queues.stream().filter(q -> q.system().equals("RQ")).toList();
    if (!rq.isEmpty()) {
      reply.code("", table("RQ", rq, nodeOf));
    }
    for (QueueState q : queues) {
      if (!q.notes().isEmpty()) {
        String node = nodeOf.containsKey(q) ? " [" + nodeOf.get(q) + "]" : "";
        reply.field(
            (q.depth() > limit ? "▲ " : "• ") + q.label() + node, String.join("\n", q.notes()));
      }
    }
    if (!uninspected.isEmpty()) {
      reply.severity(Severity.WARN);
      reply.line(
          "Queues: "
              + String.join("; ", uninspected)
              + " before the deadline; the others were not counted.");
    }
    if (!partial.isEmpty()) {
      reply.line(
          "Queue discovery ran out of time on "
              + String.join(", ", partial)
              + " (a large keyspace): some BullMQ queues may be missing.");
    }
    NodeReplies.addFailures(reply, answers);
    return reply.build();
  }

  /** The prefix asked for, or the target's own prefixes. */
  static List<String> prefixes(Request request, Target target) {
    var asked = request.option("prefix");
    if (asked.isEmpty()) {
      return target.bullmqPrefixes();
    }
    if (!BullMqQueues.validPrefix(asked.get())) {
      throw new UserFacingException("'" + asked.get() + "' is not a BullMQ prefix.");
    }
    return List.of(asked.get());
  }

  /**
   * One aligned table per queue system: a row per queue, a column per state, and the node the queue
   * lives on at the end of its row when {@code nodeOf} knows it (a cluster).
   */
  static String table(String system, List<QueueState> queues, Map<QueueState, String> nodeOf) {
    List<String> states = new ArrayList<>(queues.get(0).counts().keySet());
    int nameWidth =
        Math.max(system.length(), queues.stream().mapToInt(q -> q.name().length()).max().orElse(0));
    var sb = new StringBuilder(pad(system, nameWidth));
    for (String s : states) {
      sb.append(' ').append(String.format("%" + Math.max(6, s.length()) + "s", s));
    }
    for (QueueState q : queues) {
      sb.append('\n').append(pad(q.name(), nameWidth));
      for (String s : states) {
        sb.append(' ')
            .append(String.format("%" + Math.max(6, s.length()) + "s", Counts.format(q.count(s))));
      }
      if (nodeOf.containsKey(q)) {
        sb.append("  [").append(nodeOf.get(q)).append(']');
      }
    }
    return sb.toString();
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }

  static String summary(Map<String, Long> counts) {
    return counts.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .map(e -> e.getKey() + " " + Counts.format(e.getValue()))
        .collect(Collectors.joining(", "));
  }
}
