package dev.incidentbot.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One sample of one target. Every number is null when it was not measured (the server did not
 * answer, or a rate has no previous sample to compare with).
 *
 * @param target the target's name
 * @param takenAt when it was taken
 * @param memoryPercent used memory as a percentage of maxmemory (the fullest primary), null without
 *     maxmemory
 * @param usedMemory bytes used, summed over the primaries
 * @param opsPerSec instantaneous operations per second, summed over the primaries
 * @param latencyP50Ms the median of the PING round trips, in milliseconds
 * @param latencyP99Ms the 99th percentile of the PING round trips (with a handful of PINGs: the
 *     slowest), in milliseconds
 * @param connectedClients connected clients, summed
 * @param blockedClients clients blocked in BLPOP and the like, summed
 * @param evictionsPerSec keys evicted per second since the previous sample
 * @param hitRatio keyspace hits / (hits + misses) since the previous sample, 0–1; null when there
 *     were no lookups
 * @param replicationLagSeconds the largest lag a replica reports, in seconds; null without replicas
 * @param evictedKeys evicted_keys since the server started (for the next sample's rate)
 * @param keyspaceHits keyspace_hits since the server started
 * @param keyspaceMisses keyspace_misses since the server started
 * @param queueDepths waiting jobs per configured queue ("bull:emails", "rq:default")
 * @param problem why the target did not answer ("timed out"), or null when it did
 */
public record Sample(
    String target,
    Instant takenAt,
    Double memoryPercent,
    Long usedMemory,
    Long opsPerSec,
    Double latencyP50Ms,
    Double latencyP99Ms,
    Long connectedClients,
    Long blockedClients,
    Double evictionsPerSec,
    Double hitRatio,
    Double replicationLagSeconds,
    Long evictedKeys,
    Long keyspaceHits,
    Long keyspaceMisses,
    Map<String, Long> queueDepths,
    String problem) {

  public Sample {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(takenAt, "takenAt");
    queueDepths = queueDepths == null ? Map.of() : new TreeMap<>(queueDepths);
  }

  /** A sample of a target that did not answer. */
  public static Sample unanswered(String target, Instant at, String problem) {
    return new Sample(
        target,
        at,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        Map.of(),
        Objects.requireNonNull(problem, "problem"));
  }

  public boolean answered() {
    return problem == null;
  }

  /**
   * This sample with the rates measured since {@code previous} (evictions per second, hit ratio),
   * or unchanged when {@code previous} is null, did not answer, or the counters went back (a
   * restarted server).
   */
  public Sample withRatesSince(Sample previous) {
    return withRatesSince(previous, 0, 0);
  }

  /**
   * Like {@link #withRatesSince(Sample)}, leaving out of the hit ratio the {@code ownHits} and
   * {@code ownMisses} lookups the sampler itself made since {@code previous} (counting queues).
   */
  public Sample withRatesSince(Sample previous, long ownHits, long ownMisses) {
    if (previous == null || !previous.answered() || !answered()) {
      return this;
    }
    double seconds = Duration.between(previous.takenAt, takenAt).toMillis() / 1000.0;
    if (seconds <= 0) {
      return this;
    }
    Double evictions = null;
    if (evictedKeys != null
        && previous.evictedKeys != null
        && evictedKeys >= previous.evictedKeys) {
      evictions = (evictedKeys - previous.evictedKeys) / seconds;
    }
    Double ratio = null;
    if (keyspaceHits != null
        && keyspaceMisses != null
        && previous.keyspaceHits != null
        && previous.keyspaceMisses != null
        && keyspaceHits >= previous.keyspaceHits
        && keyspaceMisses >= previous.keyspaceMisses) {
      long hits = Math.max(0, keyspaceHits - previous.keyspaceHits - ownHits);
      long lookups = hits + Math.max(0, keyspaceMisses - previous.keyspaceMisses - ownMisses);
      ratio = lookups > 0 ? (double) hits / lookups : null;
    }
    return new Sample(
        target,
        takenAt,
        memoryPercent,
        usedMemory,
        opsPerSec,
        latencyP50Ms,
        latencyP99Ms,
        connectedClients,
        blockedClients,
        evictions,
        ratio,
        replicationLagSeconds,
        evictedKeys,
        keyspaceHits,
        keyspaceMisses,
        queueDepths,
        problem);
  }

  /** Waiting jobs over every configured queue, or null when none was counted. */
  public Long totalQueueDepth() {
    return queueDepths.isEmpty()
        ? null
        : queueDepths.values().stream().mapToLong(Long::longValue).sum();
  }
}
