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
    return render(target, prefixes, answers, Surveyed.of(answers));
  }

  /**
   * What the primaries' surveys found together.
   *
   * @param queues every queue found, node by node
   * @param nodeOf the node each queue is on, for a target of several nodes only
   * @param partial the nodes whose discovery ran out of time
   * @param uninspected per node, how many of the queues found were inspected in time
   */
  private record Surveyed(
      List<QueueState> queues,
      Map<QueueState, String> nodeOf,
      List<String> partial,
      List<String> uninspected) {

    static Surveyed of(NodeAnswers<QueueSurvey.Survey> answers) {
      var surveyed =
          new Surveyed(
              new ArrayList<>(), new IdentityHashMap<>(), new ArrayList<>(), new ArrayList<>());
      for (NodeResult<QueueSurvey.Survey> r : answers.answered()) {
        QueueSurvey.Survey s = r.value();
        surveyed.queues.addAll(s.queues());
        if (answers.multiNode()) {
          s.queues().forEach(q -> surveyed.nodeOf.put(q, r.node().label()));
        }
        if (!s.complete()) {
          surveyed.partial.add(r.node().label());
        }
        if (!s.allInspected()) {
          surveyed.uninspected.add(
              Counts.format(s.queues().size())
                  + " of "
                  + Counts.format(s.found())
                  + " inspected on "
                  + r.node().label());
        }
      }
      return surveyed;
    }
  }

  private Reply render(
      Target target, List<String> prefixes, NodeAnswers<?> answers, Surveyed surveyed) {
    List<QueueState> queues = surveyed.queues();
    Map<QueueState, String> nodeOf = surveyed.nodeOf();
    long limit = target.thresholds().queueDepth();
    long deep = queues.stream().filter(q -> q.depth() > limit).count();
    boolean trouble = queues.stream().anyMatch(q -> !q.notes().isEmpty());
    var reply =
        Reply.builder(title(target, prefixes, answers, queues, deep, limit))
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
    if (!surveyed.uninspected().isEmpty()) {
      reply.severity(Severity.WARN);
      reply.line(
          "Queues: "
              + String.join("; ", surveyed.uninspected())
              + " before the deadline; the others were not counted.");
    }
    if (!surveyed.partial().isEmpty()) {
      reply.line(
          "Queue discovery ran out of time on "
              + String.join(", ", surveyed.partial())
              + " (a large keyspace): some BullMQ queues may be missing.");
    }
    NodeReplies.addFailures(reply, answers);
    return reply.build();
  }

  private static String title(
      Target target,
      List<String> prefixes,
      NodeAnswers<?> answers,
      List<QueueState> queues,
      long deep,
      long limit) {
    if (queues.isEmpty()) {
      return target.name()
          + ": no BullMQ (prefix "
          + String.join(", ", prefixes)
          + ") or RQ queues found"
          + NodeReplies.partly(answers);
    }
    long waiting = queues.stream().mapToLong(QueueState::depth).sum();
    return target.name()
        + ": "
        + Counts.of(queues.size(), "queue", "queues")
        + ", "
        + Counts.of(waiting, "job", "jobs")
        + " waiting"
        + (deep > 0 ? ", " + Counts.format(deep) + " over depth " + Counts.format(limit) : "");
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
