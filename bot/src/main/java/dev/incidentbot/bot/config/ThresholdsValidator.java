package dev.incidentbot.bot.config;

import dev.incidentbot.redis.Thresholds;
import java.util.Locale;

/**
 * Checks a target's {@code thresholds:} overrides and merges them over the runbook defaults: no
 * negative numbers, percentages at most 100, a fragmentation ratio above 1, and every warn level
 * below its critical level (after merging, so that {@code memoryWarnPercent: 90} alone is refused
 * against the default critical 85). The message names the field that was written.
 */
final class ThresholdsValidator {
  private final String source;

  ThresholdsValidator(String source) {
    this.source = source;
  }

  Thresholds validate(String path, Thresholds.Overrides o) throws ConfigException {
    if (o == null) {
      return Thresholds.DEFAULTS;
    }
    String p = path + ".";
    percent(p + "memoryWarnPercent", o.memoryWarnPercent());
    percent(p + "memoryCritPercent", o.memoryCritPercent());
    atLeast(p + "clientsWarn", o.clientsWarn(), 0);
    atLeast(p + "clientsCrit", o.clientsCrit(), 0);
    percent(p + "clientsPercentOfMax", o.clientsPercentOfMax());
    atLeast(p + "evictedWarn", o.evictedWarn(), 0);
    atLeast(p + "evictedCrit", o.evictedCrit(), 0);
    positive(p + "latencyWarnMs", o.latencyWarnMs());
    positive(p + "latencyCritMs", o.latencyCritMs());
    atLeast(p + "aofRewriteWarnSeconds", o.aofRewriteWarnSeconds(), 0);
    atLeast(p + "aofRewriteCritSeconds", o.aofRewriteCritSeconds(), 0);
    positive(p + "replicationLagSeconds", o.replicationLagSeconds());
    atLeast(p + "queueDepth", o.queueDepth(), 1);
    if (o.fragmentationRatio() != null && !(o.fragmentationRatio() > 1)) {
      throw new ConfigException(
          source,
          p + "fragmentationRatio",
          "must be above 1 (1.0 is no fragmentation), not " + num(o.fragmentationRatio()));
    }
    Thresholds t = Thresholds.merge(Thresholds.DEFAULTS, o);
    below(
        p,
        "memory",
        "Percent",
        t.memoryWarnPercent(),
        t.memoryCritPercent(),
        o.memoryWarnPercent());
    below(p, "clients", "", t.clientsWarn(), t.clientsCrit(), o.clientsWarn());
    below(p, "evicted", "", t.evictedWarn(), t.evictedCrit(), o.evictedWarn());
    below(p, "latency", "Ms", t.latencyWarnMs(), t.latencyCritMs(), o.latencyWarnMs());
    below(
        p,
        "aofRewrite",
        "Seconds",
        t.aofRewriteWarnSeconds(),
        t.aofRewriteCritSeconds(),
        o.aofRewriteWarnSeconds());
    return t;
  }

  /** Warn must be below crit; the message names warn when it was written, else crit. */
  private void below(String p, String name, String unit, double warn, double crit, Number warnSet)
      throws ConfigException {
    if (warn < crit) {
      return;
    }
    String warnField = name + "Warn" + unit;
    String critField = name + "Crit" + unit;
    if (warnSet != null) {
      throw new ConfigException(
          source,
          p + warnField,
          "must be below " + critField + " (" + num(crit) + "), not " + num(warn));
    }
    throw new ConfigException(
        source,
        p + critField,
        "must be above " + warnField + " (" + num(warn) + "), not " + num(crit));
  }

  private void percent(String path, Double value) throws ConfigException {
    if (value != null && (value <= 0 || value > 100)) {
      throw new ConfigException(
          source, path, "must be a percentage above 0 and at most 100, not " + num(value));
    }
  }

  private void positive(String path, Double value) throws ConfigException {
    if (value != null && !(value > 0)) {
      throw new ConfigException(source, path, "must be above 0, not " + num(value));
    }
  }

  private void atLeast(String path, Long value, long min) throws ConfigException {
    if (value != null && value < min) {
      throw new ConfigException(
          source,
          path,
          (min == 0 ? "must not be negative" : "must be at least " + min) + ", not " + value);
    }
  }

  private static String num(double d) {
    return d == Math.rint(d) && !Double.isInfinite(d)
        ? Long.toString((long) d)
        : String.format(Locale.ROOT, "%s", d);
  }
}
