package dev.incidentbot.recovery.queue;

import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.format.Counts;
import dev.incidentbot.recovery.Interruption;
import dev.incidentbot.recovery.Outcome;
import dev.incidentbot.recovery.Plan;
import dev.incidentbot.recovery.action.TargetConnector;
import dev.incidentbot.redis.RedisProblem;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.queues.BullMqQueues;
import dev.incidentbot.redis.queues.QueueState;
import dev.incidentbot.redis.queues.RqQueues;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import redis.clients.jedis.Jedis;

/** Options and evidence shared by the queue actions. */
final class QueueOptions {
  private QueueOptions() {}

  static OptionSpec queue() {
    return OptionSpec.text("queue", "queue name", true);
  }

  static OptionSpec system() {
    return OptionSpec.choice(
        "system",
        "bullmq or rq, when both have a queue of that name",
        false,
        List.of("bullmq", "rq"));
  }

  static OptionSpec prefix() {
    return OptionSpec.text(
        "prefix", "BullMQ key prefix (default: the target's bullmqPrefixes)", false);
  }

  static QueueRef find(Jedis jedis, Map<String, String> options, Target target) {
    return find(QueueRef.on(jedis), options, target);
  }

  static QueueRef find(QueueRef.Lookup lookup, Map<String, String> options, Target target) {
    return QueueRef.find(
        lookup,
        options.get("queue").strip(),
        Optional.ofNullable(options.get("system")).filter(s -> !s.isBlank()),
        prefixes(options, target));
  }

  /** The BullMQ prefixes to look under: the prefix: option, else the target's bullmqPrefixes. */
  static List<String> prefixes(Map<String, String> options, Target target) {
    Optional<String> prefix = Optional.ofNullable(options.get("prefix")).filter(s -> !s.isBlank());
    return prefix.map(List::of).orElse(target.bullmqPrefixes());
  }

  /** The queue's counts by state, as {@code /redis queues} reads them. */
  static Map<String, Long> counts(Jedis jedis, QueueRef q, Clock clock) {
    QueueState state =
        q.system() == QueueRef.System.BULLMQ
            ? BullMqQueues.inspect(jedis, q.prefix(), q.name(), Long.MAX_VALUE)
            : RqQueues.inspect(jedis, q.name(), Long.MAX_VALUE, clock.instant().getEpochSecond());
    return state.counts();
  }

  /** "wait 4 · active 1 · failed 2". */
  static String countsText(Map<String, Long> counts) {
    return counts.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(" · "));
  }

  static Field countsChange(Map<String, Long> before, Map<String, Long> after) {
    return Outcome.change("Counts", countsText(before), countsText(after));
  }

  /**
   * The outcome of a trim or requeue whose connection failed after it began changing the queue:
   * batches before the failure are done, so it cannot say that nothing changed.
   */
  static Outcome lostPartWay(
      Target target, String done, Map<String, Long> before, RuntimeException e) {
    return Outcome.failure(
        "lost the connection part-way through, so some jobs may already be "
            + done
            + ": "
            + RedisProblem.of(target, e).message()
            + " Check with /redis queues.",
        List.of(new Field("Counts before", countsText(before), false)));
  }

  /**
   * The queue's counts now, for a trim or requeue that was interrupted: the plan's {@code state}
   * count shows how far it got.
   */
  static Interruption measure(TargetConnector connector, Plan plan, Clock clock) {
    Target target = connector.target(Optional.of(plan.target()));
    try (QueueNode node = QueueNode.open(connector, target, plan.params())) {
      QueueRef q = node.queue();
      Map<String, Long> counts = counts(node.jedis(), q, clock);
      String state = plan.param("state");
      return new Interruption(
          q.describe()
              + " has "
              + counts.getOrDefault(state, 0L)
              + " "
              + state
              + " jobs now ("
              + (countsText(counts).isEmpty() ? "empty" : countsText(counts))
              + ")",
          List.of(new Field("Counts now", countsText(counts), false)));
    }
  }

  static Reply progress(QueueRef q, String what, long done, long total) {
    return Reply.builder(what + " " + q.describe())
        .text(Counts.format(done) + " of " + Counts.of(total, "job", "jobs"))
        .build();
  }
}
