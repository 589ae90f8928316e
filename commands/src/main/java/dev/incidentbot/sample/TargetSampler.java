package dev.incidentbot.sample;

import dev.incidentbot.followup.Snapshot;
import dev.incidentbot.redis.InfoSnapshot;
import dev.incidentbot.redis.NodeAnswers;
import dev.incidentbot.redis.NodeCalls;
import dev.incidentbot.redis.NodeResult;
import dev.incidentbot.redis.Target;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import redis.clients.jedis.Jedis;

/**
 * Takes one {@link Sample} of a target: on every primary at once, one INFO, {@value #PINGS} timed
 * PINGs and LLEN/ZCARD of the target's configured queues; never SCAN, never anything that grows
 * with the keyspace. Returns within the target's timeout plus {@link NodeCalls#GRACE}. Thread-safe.
 */
public final class TargetSampler {
  /** PINGs per primary: enough for a median, cheap enough to run every few seconds. */
  static final int PINGS = 5;

  private final NodeCalls calls;
  private final SampleSettings settings;
  private final Clock clock;

  public TargetSampler(NodeCalls calls, SampleSettings settings, Clock clock) {
    this.calls = calls;
    this.settings = settings;
    this.clock = clock;
  }

  /** What one primary answered. */
  record NodeReading(
      InfoSnapshot info,
      List<Double> pingsMs,
      Map<String, Long> queues,
      long ownHits,
      long ownMisses) {}

  /** A sample of {@code target} now, with rates against {@code previous} (may be null). */
  public Sample sample(Target target, Sample previous) {
    Instant at = clock.instant();
    List<String> queues = settings.queuesOf(target.name());
    NodeAnswers<NodeReading> answers =
        calls.onPrimaries(target, (jedis, node) -> read(jedis, queues));
    List<NodeReading> readings = new ArrayList<>();
    String problem = answers.unavailable().map(Snapshot::why).orElse(null);
    for (NodeResult<NodeReading> r : answers.results()) {
      if (r.ok()) {
        readings.add(r.value());
      } else if (problem == null) {
        problem = Snapshot.why(r.problem());
      }
    }
    if (readings.isEmpty()) {
      return Sample.unanswered(target.name(), at, problem == null ? "no node answered" : problem);
    }
    long ownHits = readings.stream().mapToLong(NodeReading::ownHits).sum();
    long ownMisses = readings.stream().mapToLong(NodeReading::ownMisses).sum();
    return combine(target.name(), at, readings).withRatesSince(previous, ownHits, ownMisses);
  }

  /**
   * Counts the queues first, then reads INFO, so that the keyspace lookups the counting made (a hit
   * for each key there, a miss for each key missing) fall between this INFO and the previous one,
   * where {@link Sample#withRatesSince(Sample, long, long)} takes them out of the hit ratio.
   */
  static NodeReading read(Jedis jedis, List<String> queues) {
    var depths = new TreeMap<String, Long>();
    long[] own = new long[2];
    for (String queue : queues) {
      depths.put(queue, waiting(jedis, queue, own));
    }
    InfoSnapshot info = InfoSnapshot.parse(jedis.info());
    var pings = new ArrayList<Double>();
    for (int i = 0; i < PINGS; i++) {
      long start = System.nanoTime();
      jedis.ping();
      pings.add((System.nanoTime() - start) / 1_000_000.0);
    }
    return new NodeReading(info, pings, depths, own[0], own[1]);
  }

  /**
   * Waiting jobs of a configured queue: {@code rq:<name>} or {@code <bullmq prefix>:<name>}. Counts
   * its own keyspace hits and misses into {@code own} (hits, misses): Redis deletes empty lists and
   * sorted sets, so a count of 0 was a miss.
   */
  static long waiting(Jedis jedis, String queue, long[] own) {
    int colon = queue.indexOf(':');
    String prefix = queue.substring(0, colon);
    String name = queue.substring(colon + 1);
    if (prefix.equals("rq")) {
      return lookup(jedis.llen("rq:queue:" + name), own);
    }
    String base = prefix + ":" + name + ":";
    // BullMQ v5: waiting jobs in the wait list, prioritised ones in a sorted set
    return lookup(jedis.llen(base + "wait"), own) + lookup(jedis.zcard(base + "prioritized"), own);
  }

  private static long lookup(long count, long[] own) {
    own[count > 0 ? 0 : 1]++;
    return count;
  }

  static Sample combine(String target, Instant at, List<NodeReading> readings) {
    Double memoryPercent = null;
    var pings = new ArrayList<Double>();
    var queues = new TreeMap<String, Long>();
    Double lag = null;
    for (NodeReading r : readings) {
      InfoSnapshot info = r.info();
      Double percent = info.memoryPercent();
      if (percent != null) {
        memoryPercent = memoryPercent == null ? percent : Math.max(memoryPercent, percent);
      }
      pings.addAll(r.pingsMs());
      r.queues().forEach((q, n) -> queues.merge(q, n, Long::sum));
      Double nodeLag = replicationLag(info);
      if (nodeLag != null) {
        lag = lag == null ? nodeLag : Math.max(lag, nodeLag);
      }
    }
    Collections.sort(pings);
    return new Sample(
        target,
        at,
        memoryPercent,
        sum(readings, "used_memory"),
        sum(readings, "instantaneous_ops_per_sec"),
        percentile(pings, 50),
        percentile(pings, 99),
        sum(readings, "connected_clients"),
        sum(readings, "blocked_clients"),
        null,
        null,
        lag,
        sum(readings, "evicted_keys"),
        sum(readings, "keyspace_hits"),
        sum(readings, "keyspace_misses"),
        queues,
        null);
  }

  /**
   * The largest lag of this node's replicas (INFO replication {@code slaveN:...,lag=3}), or, on a
   * replica, the seconds since it last heard from its primary; null without replication.
   */
  static Double replicationLag(InfoSnapshot info) {
    Double lag = null;
    for (var e : info.section("replication").entrySet()) {
      if (!e.getKey().matches("slave\\d+")) {
        continue;
      }
      for (String part : e.getValue().split(",")) {
        if (part.startsWith("lag=")) {
          try {
            double l = Double.parseDouble(part.substring(4));
            lag = lag == null ? l : Math.max(lag, l);
          } catch (NumberFormatException ignored) {
            // an odd value: leave this replica out
          }
        }
      }
    }
    if (lag == null && "slave".equals(info.text("role", ""))) {
      var io = info.number("master_last_io_seconds_ago");
      if (io.isPresent() && io.getAsLong() >= 0) {
        lag = (double) io.getAsLong();
      }
    }
    return lag;
  }

  private static Long sum(List<NodeReading> readings, String key) {
    Long total = null;
    for (NodeReading r : readings) {
      var n = r.info().number(key);
      if (n.isPresent()) {
        total = (total == null ? 0 : total) + n.getAsLong();
      }
    }
    return total;
  }

  /** The nearest-rank percentile of sorted values, or null when there are none. */
  static Double percentile(List<Double> sorted, int p) {
    if (sorted.isEmpty()) {
      return null;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size(), rank) - 1));
  }
}
