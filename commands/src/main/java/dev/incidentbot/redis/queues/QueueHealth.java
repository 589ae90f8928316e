package dev.incidentbot.redis.queues;

import dev.incidentbot.format.Counts;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.health.ExtraFindings;
import dev.incidentbot.redis.health.Finding;
import dev.incidentbot.redis.health.Finding.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;

/**
 * Health findings about job queues and their workers: depth over the target's threshold, stuck jobs
 * (stalled or lock-less BullMQ jobs, abandoned RQ jobs), queues with no worker registered, stale or
 * dead workers. BullMQ queues are looked for under each of the target's prefixes. Nothing is said
 * about a Redis that holds no queue and no worker.
 *
 * <p>Reads stop at the deadline the health check gives: the queue survey gets the first two thirds,
 * the worker listing the rest, and a finding says what was left unread.
 */
public final class QueueHealth implements ExtraFindings {
  private final QueueSurvey survey;
  private final WorkerRegistry workers;

  public QueueHealth(QueueSurvey survey, WorkerRegistry workers) {
    this.survey = survey;
    this.workers = workers;
  }

  @Override
  public List<Finding> findings(Jedis jedis, Target target) {
    long half = TimeUnit.MILLISECONDS.toNanos(Math.max(50, target.timeout().toMillis() / 2));
    return findings(jedis, target, System.nanoTime() + half);
  }

  @Override
  public List<Finding> findings(Jedis jedis, Target target, long deadlineNanos) {
    long start = System.nanoTime();
    long surveyDeadline = start + Math.max(0, deadlineNanos - start) * 2 / 3;
    QueueSurvey.Survey s = survey.survey(jedis, target, target.bullmqPrefixes(), surveyDeadline);
    WorkerRegistry.Found found = workers.find(jedis, target.bullmqPrefixes(), deadlineNanos);
    var out = new ArrayList<Finding>();
    partial(s, found).ifPresent(out::add);
    if (!s.queues().isEmpty()) {
      out.add(depth(s.queues(), target.thresholds().queueDepth()));
      long stuck = s.queues().stream().mapToLong(QueueState::stuck).sum();
      if (stuck > 0) {
        out.add(
            new Finding(
                "stuck jobs",
                Level.WARN,
                Counts.of(stuck, "job", "jobs")
                    + " stalled or abandoned, "
                    + (stuck == 1 ? "its worker died" : "their workers died")
                    + " (BullMQ: active or stalled without a lock; RQ: started, past the heartbeat"
                    + " deadline)",
                "/redis queues shows which"));
      }
    }
    if (s.found() > 0 || !found.workers().isEmpty()) {
      out.add(workersFinding(found.workers(), s.found() > 0));
    }
    return out;
  }

  /** "queues: 12 of 40 inspected before the deadline", when the budget ran out. */
  private static java.util.Optional<Finding> partial(
      QueueSurvey.Survey s, WorkerRegistry.Found found) {
    var parts = new ArrayList<String>();
    if (!s.allInspected()) {
      parts.add(
          Counts.format(s.queues().size())
              + " of "
              + Counts.format(s.found())
              + (s.complete() ? "" : "+")
              + " inspected before the deadline; the figures below cover those");
    }
    if (!s.complete()) {
      parts.add("BullMQ discovery stopped early (a large keyspace): more queues may exist");
    }
    if (!found.complete()) {
      parts.add("the worker listing was cut at the deadline");
    }
    if (parts.isEmpty()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        new Finding(
            "queues",
            Level.WARN,
            String.join("; ", parts),
            "queue reads get half the target's timeout; /redis queues reads for longer"));
  }

  private static Finding depth(List<QueueState> queues, long limit) {
    QueueState deepest =
        queues.stream().max(Comparator.comparingLong(QueueState::depth)).orElseThrow();
    long waiting = queues.stream().mapToLong(QueueState::depth).sum();
    long over = queues.stream().filter(q -> q.depth() > limit).count();
    return new Finding(
        "queue depth",
        over > 0 ? Level.WARN : Level.OK,
        Counts.of(queues.size(), "queue", "queues")
            + ", "
            + Counts.of(waiting, "job", "jobs")
            + " waiting; deepest "
            + deepest.label()
            + " ("
            + Counts.format(deepest.depth())
            + ")"
            + (over > 0 ? "; " + Counts.format(over) + " over the threshold" : ""),
        "warn > " + Counts.format(limit) + " waiting in one queue");
  }

  private static Finding workersFinding(List<WorkerState> found, boolean queuesExist) {
    long stale =
        found.stream().filter(w -> !w.dead() && w.staleAfter(WorkersCommand.STALE)).count();
    long dead = found.stream().filter(WorkerState::dead).count();
    long alive = found.size() - stale - dead;
    Level level = (queuesExist && alive == 0) || stale > 0 || dead > 0 ? Level.WARN : Level.OK;
    String measured =
        found.isEmpty()
            ? "no workers registered while queues exist"
            : Counts.format(found.size())
                + " registered"
                + (stale > 0 ? ", " + Counts.format(stale) + " stale" : "")
                + (dead > 0 ? ", " + Counts.format(dead) + " dead" : "");
    return new Finding(
        "workers",
        level,
        measured,
        "heartbeat older than "
            + WorkersCommand.STALE.toMinutes()
            + " min is stale; a registration without its key is dead");
  }
}
