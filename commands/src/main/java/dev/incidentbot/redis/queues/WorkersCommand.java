package dev.incidentbot.redis.queues;

import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.format.Counts;
import dev.incidentbot.format.Durations;
import dev.incidentbot.redis.NodeAnswers;
import dev.incidentbot.redis.NodeCalls;
import dev.incidentbot.redis.NodeResult;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.redis.diagnostics.NodeReplies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code /redis workers}: the registered workers with their heartbeat age, stale ones flagged; no
 * worker at all is itself a finding (queued jobs will not move).
 */
public final class WorkersCommand implements Command {
  /** A heartbeat older than this is stale (RQ's idle heartbeat comes every ~7 minutes). */
  public static final Duration STALE = Duration.ofMinutes(8);

  private final Targets targets;
  private final WorkerRegistry registry;
  private final NodeCalls calls;

  public WorkersCommand(Targets targets, WorkerRegistry registry, NodeCalls calls) {
    this.targets = targets;
    this.registry = registry;
    this.calls = calls;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "redis workers",
        "registered workers (worker:*, RQ, BullMQ) with heartbeat age",
        Roles.VIEWER,
        OptionSpec.target(false),
        OptionSpec.text("prefix", "BullMQ key prefix (default: the target's, bull)", false));
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    Target target = targets.require(request.option("target"));
    List<String> prefixes = QueuesCommand.prefixes(request, target);
    long budget = TimeUnit.MILLISECONDS.toNanos(Math.max(50, target.timeout().toMillis() / 2));
    NodeAnswers<WorkerRegistry.Found> answers =
        calls.onPrimaries(target, (j, n) -> registry.find(j, prefixes, System.nanoTime() + budget));
    if (answers.unavailable().isPresent()) {
      return NodeReplies.unavailable(target, "worker list", answers);
    }
    var workers = new ArrayList<WorkerState>();
    var nodeOf = new IdentityHashMap<WorkerState, String>();
    var cut = new ArrayList<String>();
    for (NodeResult<WorkerRegistry.Found> r : answers.answered()) {
      workers.addAll(r.value().workers());
      if (answers.multiNode()) {
        r.value().workers().forEach(w -> nodeOf.put(w, r.node().label()));
      }
      if (!r.value().complete()) {
        cut.add(r.node().label());
      }
    }
    String cutShort = cut.isEmpty() ? "" : cutShort(cut, Duration.ofNanos(budget));
    return workers.isEmpty()
        ? none(target, answers, cutShort)
        : render(target, answers, workers, nodeOf, cutShort);
  }

  /**
   * What a listing the time budget cut short misses, or "": the worker:* scan and the RQ registry
   * are read until half the target's timeout has passed, so that a large keyspace cannot hold the
   * answer; a worker not read by then is not listed.
   */
  private static String cutShort(List<String> nodes, Duration budget) {
    return "Not every worker key was read within "
        + Durations.format(budget)
        + " (half the target's timeout) on "
        + String.join(", ", nodes)
        + ": workers may be registered that are not listed. A larger timeout for this target"
        + " reads further.";
  }

  /** No worker registered on any node that answered, or none read before the time budget. */
  private static Reply none(Target target, NodeAnswers<?> answers, String cutShort) {
    String unread = NodeReplies.partly(answers);
    var reply =
        cutShort.isEmpty()
            ? Reply.builder(target.name() + ": no workers registered" + unread)
                .severity(Severity.WARN)
                .text(
                    "No worker:* key, no RQ worker and no BullMQ worker connection: queued jobs"
                        + " will not be processed. Check the worker processes and their Redis URL.")
            : Reply.builder(target.name() + ": no workers found before the time budget" + unread)
                .severity(Severity.WARN)
                .text(cutShort);
    if (!unread.isEmpty()) {
      reply.line("Workers registered on the nodes that did not answer are not counted.");
    }
    NodeReplies.addFailures(reply, answers);
    return reply.build();
  }

  /** One line per worker, problems first marked, with the node it is on for multi-node targets. */
  private static Reply render(
      Target target,
      NodeAnswers<?> answers,
      List<WorkerState> workers,
      Map<WorkerState, String> nodeOf,
      String cutShort) {
    long dead = workers.stream().filter(WorkerState::dead).count();
    long stale = workers.stream().filter(w -> !w.dead() && w.staleAfter(STALE)).count();
    String unread = NodeReplies.partly(answers);
    var lines = new ArrayList<String>();
    for (WorkerState w : workers) {
      lines.add(
          (w.dead() ? "✖ " : w.staleAfter(STALE) ? "▲ " : "✔ ")
              + "["
              + w.kind()
              + "] "
              + w.name()
              + (w.dead()
                  ? " — dead"
                  : " — heartbeat "
                      + w.heartbeatAge().map(a -> Durations.format(a) + " ago").orElse("unknown"))
              + " · "
              + w.detail()
              + (nodeOf.containsKey(w) ? "  [" + nodeOf.get(w) + "]" : ""));
    }
    var reply =
        Reply.builder(
                target.name()
                    + ": "
                    + Counts.of(workers.size(), "worker", "workers")
                    + " registered"
                    + (cutShort.isEmpty() ? "" : " (at least: the listing was cut short)")
                    + unread
                    + (stale > 0 ? ", " + Counts.format(stale) + " stale" : "")
                    + (dead > 0 ? ", " + Counts.format(dead) + " dead" : ""))
            .severity(stale + dead > 0 ? Severity.WARN : Severity.OK)
            .text(NodeReplies.limit(lines, 40));
    if (!cutShort.isEmpty()) {
      reply.line(cutShort);
    }
    NodeReplies.addFailures(reply, answers);
    return reply.build();
  }
}
