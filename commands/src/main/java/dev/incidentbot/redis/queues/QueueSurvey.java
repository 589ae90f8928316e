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
 * Finds and counts every BullMQ and RQ queue on one node, under a deadline. BullMQ discovery SCANs
 * the keyspace, which may take long on a large one: it gets the first half of the time. Queues are
 * then inspected one by one until the deadline; the survey says how many of those found it
 * inspected, so that a caller can report partial counts rather than none.
 *
 * <p>Thread-safe and stateless apart from the clock.
 */
public final class QueueSurvey {
  private static final Logger log = LoggerFactory.getLogger(QueueSurvey.class);

  private final Clock clock;

  public QueueSurvey(Clock clock) {
    this.clock = clock;
  }

  /**
   * The queues one node holds.
   *
   * @param queues the queues inspected, in the order found
   * @param complete whether discovery saw the whole keyspace
   * @param found how many queues discovery found (at least {@code queues.size()})
   */
  public record Survey(List<QueueState> queues, boolean complete, int found) {
    public Survey {
      queues = List.copyOf(queues);
    }

    public Survey(List<QueueState> queues, boolean complete) {
      this(queues, complete, queues.size());
    }

    /** Whether every queue found was inspected before the deadline. */
    public boolean allInspected() {
      return queues.size() >= found;
    }
  }

  /** BullMQ queues under {@code prefix} and RQ queues, within the target's timeout. */
  public Survey survey(Jedis jedis, Target target, String prefix) {
    return survey(jedis, target, List.of(prefix), System.nanoTime() + timeout(target));
  }

  /** BullMQ queues under the target's prefixes and RQ queues, within the target's timeout. */
  public Survey survey(Jedis jedis, Target target) {
    return survey(jedis, target, target.bullmqPrefixes(), System.nanoTime() + timeout(target));
  }

  /** BullMQ queues under each of {@code prefixes} and RQ queues, until {@code deadlineNanos}. */
  public Survey survey(Jedis jedis, Target target, List<String> prefixes, long deadlineNanos) {
    long start = System.nanoTime();
    long discoveryDeadline = start + Math.max(0, deadlineNanos - start) / 2;
    var bullmq = new ArrayList<String[]>();
    boolean complete = true;
    for (String prefix : prefixes) {
      var found = BullMqQueues.discover(jedis, prefix, discoveryDeadline);
      complete &= found.complete();
      found.queues().forEach(q -> bullmq.add(new String[] {prefix, q}));
    }
    if (!complete) {
      log.info("{}: BullMQ discovery stopped at its time budget", target.name());
    }
    List<String> rq = RqQueues.discover(jedis);
    long limit = target.thresholds().queueDepth();
    var queues = new ArrayList<QueueState>();
    for (String[] q : bullmq) {
      if (System.nanoTime() >= deadlineNanos) {
        break;
      }
      queues.add(BullMqQueues.inspect(jedis, q[0], q[1], limit));
    }
    long now = clock.instant().getEpochSecond();
    for (String q : rq) {
      if (System.nanoTime() >= deadlineNanos) {
        break;
      }
      queues.add(RqQueues.inspect(jedis, q, limit, now));
    }
    int found = bullmq.size() + rq.size();
    if (queues.size() < found) {
      log.info(
          "{}: {} of {} queues inspected before the deadline", target.name(), queues.size(), found);
    }
    return new Survey(queues, complete, found);
  }

  private static long timeout(Target target) {
    return TimeUnit.MILLISECONDS.toNanos(Math.max(50, target.timeout().toMillis()));
  }
}
