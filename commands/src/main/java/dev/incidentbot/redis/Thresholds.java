package dev.incidentbot.redis;

/**
 * The runbooks' limits (DESIGN §2), overridable per target. Percentages are of maxmemory or
 * maxclients; times are in milliseconds or seconds as named.
 */
public record Thresholds(
    double memoryWarnPercent,
    double memoryCritPercent,
    long clientsWarn,
    long clientsCrit,
    double clientsPercentOfMax,
    long evictedWarn,
    long evictedCrit,
    double latencyWarnMs,
    double latencyCritMs,
    long aofRewriteWarnSeconds,
    long aofRewriteCritSeconds,
    double replicationLagSeconds,
    long queueDepth,
    double fragmentationRatio) {

  /** The runbook defaults. */
  public static final Thresholds DEFAULTS =
      new Thresholds(70, 85, 200, 500, 80, 0, 100, 1, 10, 10, 60, 1, 1000, 1.5);

  /** Fills every field left null in a partial override from these defaults. */
  public static Thresholds merge(Thresholds base, Overrides o) {
    if (o == null) {
      return base;
    }
    return new Thresholds(
        pick(o.memoryWarnPercent(), base.memoryWarnPercent),
        pick(o.memoryCritPercent(), base.memoryCritPercent),
        pick(o.clientsWarn(), base.clientsWarn),
        pick(o.clientsCrit(), base.clientsCrit),
        pick(o.clientsPercentOfMax(), base.clientsPercentOfMax),
        pick(o.evictedWarn(), base.evictedWarn),
        pick(o.evictedCrit(), base.evictedCrit),
        pick(o.latencyWarnMs(), base.latencyWarnMs),
        pick(o.latencyCritMs(), base.latencyCritMs),
        pick(o.aofRewriteWarnSeconds(), base.aofRewriteWarnSeconds),
        pick(o.aofRewriteCritSeconds(), base.aofRewriteCritSeconds),
        pick(o.replicationLagSeconds(), base.replicationLagSeconds),
        pick(o.queueDepth(), base.queueDepth),
        pick(o.fragmentationRatio(), base.fragmentationRatio));
  }

  private static <T> T pick(T override, T base) {
    return override != null ? override : base;
  }

  /** A partial set of thresholds as written in config: any field may be left out. */
  public record Overrides(
      Double memoryWarnPercent,
      Double memoryCritPercent,
      Long clientsWarn,
      Long clientsCrit,
      Double clientsPercentOfMax,
      Long evictedWarn,
      Long evictedCrit,
      Double latencyWarnMs,
      Double latencyCritMs,
      Long aofRewriteWarnSeconds,
      Long aofRewriteCritSeconds,
      Double replicationLagSeconds,
      Long queueDepth,
      Double fragmentationRatio) {}
}
