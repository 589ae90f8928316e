package dev.incidentbot.redis.queues;

import dev.incidentbot.redis.ExtraFindings;
import dev.incidentbot.redis.Finding;
import dev.incidentbot.redis.Finding.Level;
import dev.incidentbot.redis.Target;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;

/**
 * Health findings about job queues and their workers: depth over the target's threshold, stalled or
 * abandoned jobs, queues with no worker registered, stale heartbeats. Nothing is said about a Redis
 * that holds no queue and no worker.
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
    var out = new ArrayList<Finding>();
    QueueSurvey.Survey s = survey.survey(jedis, target, QueuesCommand.DEFAULT_PREFIX);
    long budget = TimeUnit.MILLISECONDS.toNanos(Math.max(20, target.timeout().toMillis() / 4));
    List<WorkerState> found =
        workers.find(jedis, QueuesCommand.DEFAULT_PREFIX, System.nanoTime() + budget);
    long limit = target.thresholds().queueDepth();
    if (!s.queues().isEmpty()) {
      QueueState deepest =
          s.queues().stream().max(Comparator.comparingLong(QueueState::depth)).orElseThrow();
      long waiting = s.queues().stream().mapToLong(QueueState::depth).sum();
      long over = s.queues().stream().filter(q -> q.depth() > limit).count();
      out.add(
          new Finding(
              "queue depth",
              over > 0 ? Level.WARN : Level.OK,
              s.queues().size()
                  + " queues, "
                  + waiting
                  + " jobs waiting; deepest "
                  + deepest.system()
                  + " "
                  + deepest.name()
                  + " ("
                  + deepest.depth()
                  + ")"
                  + (over > 0 ? "; " + over + " over the threshold" : ""),
              "warn > " + limit + " waiting in one queue"));
      long stuck =
          s.queues().stream().mapToLong(q -> q.count("stalled") + q.count("abandoned")).sum();
      if (stuck > 0) {
        out.add(
            new Finding(
                "stuck jobs",
                Level.WARN,
                stuck + " stalled (BullMQ) or abandoned (RQ) job(s): their worker died",
                "/redis queues shows which"));
      }
    }
    if (!s.queues().isEmpty() || !found.isEmpty()) {
      long stale = found.stream().filter(w -> w.staleAfter(WorkersCommand.STALE)).count();
      Level level = found.isEmpty() || stale > 0 ? Level.WARN : Level.OK;
      out.add(
          new Finding(
              "workers",
              level,
              found.isEmpty()
                  ? "no workers registered while queues exist"
                  : found.size() + " registered" + (stale > 0 ? ", " + stale + " stale" : ""),
              "heartbeat older than " + WorkersCommand.STALE.toMinutes() + " min is stale"));
    }
    return out;
  }
}
