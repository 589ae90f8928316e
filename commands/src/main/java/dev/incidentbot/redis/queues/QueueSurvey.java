package dev.incidentbot.redis.queues;

import dev.incidentbot.redis.Target;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

/**
 * Finds and counts every BullMQ and RQ queue on one node. BullMQ discovery SCANs the keyspace,
 * which may take long on a large one: it stops after half the target's timeout and says so.
 *
 * <p>Thread-safe and stateless apart from the clock.
 */
public final class QueueSurvey {
  private static final Logger log = LoggerFactory.getLogger(QueueSurvey.class);

  private final Clock clock;

  public QueueSurvey(Clock clock) {
    this.clock = clock;
  }

  /** Every queue one node holds, and whether discovery saw the whole keyspace. */
  public record Survey(List<QueueState> queues, boolean complete) {
    public Survey {
      queues = List.copyOf(queues);
    }
  }

  public Survey survey(Jedis jedis, Target target, String prefix) {
    long budget = TimeUnit.MILLISECONDS.toNanos(Math.max(50, target.timeout().toMillis() / 2));
    var found = BullMqQueues.discover(jedis, prefix, System.nanoTime() + budget);
    if (!found.complete()) {
      log.info("{}: BullMQ discovery stopped at its time budget", target.name());
    }
    long limit = target.thresholds().queueDepth();
    var queues = new ArrayList<QueueState>();
    for (String q : found.queues()) {
      queues.add(BullMqQueues.inspect(jedis, prefix, q, limit));
    }
    long now = clock.instant().getEpochSecond();
    for (String q : RqQueues.discover(jedis)) {
      queues.add(RqQueues.inspect(jedis, q, limit, now));
    }
    return new Survey(queues, found.complete());
  }
}
