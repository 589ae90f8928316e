package dev.incidentbot.redis.health;

import dev.incidentbot.format.Bytes;
import dev.incidentbot.format.Counts;
import dev.incidentbot.format.Durations;
import dev.incidentbot.redis.InfoSnapshot;
import dev.incidentbot.redis.RedisProblem;
import dev.incidentbot.redis.SentinelView;
import dev.incidentbot.redis.Thresholds;
import dev.incidentbot.redis.health.Finding.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Judges what a server reported against a target's thresholds and walks the runbooks' decision
 * tree. Pure: no I/O, so every rule is unit-testable.
 */
public final class HealthEvaluator {
  /**
   * Below this much resident memory beyond the data (RSS minus used), a fragmentation ratio means
   * nothing: a nearly empty server shows 5 or more, from the process's own code, stack and
   * allocator arenas, not from fragmentation (INFO's documentation says as much of a high ratio
   * with few megabytes behind it).
   */
  static final long FRAGMENTATION_MIN_WASTE = 32L * 1024 * 1024;

  private HealthEvaluator() {}

  /** Findings for a server that answered INFO, worst first; {@code ping} null if PING failed. */
  public static List<Finding> findings(InfoSnapshot info, Duration ping, Thresholds t) {
    return findings(info, ping, t, Optional.empty());
  }

  /**
   * Findings for a server that answered INFO, worst first, with the replicas Sentinel knows for a
   * Sentinel target's master (empty otherwise).
   */
  public static List<Finding> findings(
      InfoSnapshot info,
      Duration ping,
      Thresholds t,
      Optional<List<SentinelView.KnownReplica>> sentinelKnows) {
    return findings(info, ping, null, t, sentinelKnows);
  }

  /**
   * Findings judged over an observation window: latency from the window's probes, and counters
   * (evictions, rejected connections, OOM errors, full resyncs) by how much they moved during it,
   * never by their since-start totals. {@code window} null judges one INFO and {@code ping} alone.
   */
  public static List<Finding> findings(
      InfoSnapshot info,
      Duration ping,
      Window window,
      Thresholds t,
      Optional<List<SentinelView.KnownReplica>> sentinelKnows) {
    var out = new ArrayList<Finding>();
    if (window != null && window.probes() > 0) {
      out.add(WindowFindings.latency(window, t));
    } else if (ping != null) {
      out.add(latency(ping, t));
    }
    memory(info, t).ifPresent(out::add);
    out.add(clients(info, t));
    out.add(window != null ? WindowFindings.evictions(window, t) : evictions(info, t));
    out.addAll(persistence(info, t));
    fragmentation(info, t).ifPresent(out::add);
    ReplicationFindings.of(info, t, sentinelKnows).ifPresent(out::add);
    if (window != null) {
      out.addAll(WindowFindings.counters(window, t));
    } else {
      rejected(info).ifPresent(out::add);
    }
    out.sort(Comparator.comparing(Finding::level).reversed());
    return out;
  }

  /** The decision tree, from the failure that stopped the check (if any) and the findings. */
  public static Scenario scenario(Optional<RedisProblem> problem, List<Finding> findings) {
    if (problem.isPresent()) {
      return switch (problem.get().kind()) {
        case REFUSED, DROPPED, CONNECT_TIMEOUT, UNKNOWN_HOST, AUTH, NOT_REDIS ->
            Scenario.UNREACHABLE;
        case OOM -> Scenario.OUT_OF_MEMORY;
        case LOADING, MISCONF -> Scenario.PERSISTENCE;
        case TIMEOUT, BUSY, PAUSED, MAXCLIENTS -> Scenario.SLOW;
        case READONLY, OTHER -> fromFindings(findings, Scenario.UNREACHABLE);
      };
    }
    return fromFindings(findings, Scenario.HEALTHY);
  }

  private static Scenario fromFindings(List<Finding> findings, Scenario otherwise) {
    if (crit(findings, "memory") || crit(findings, "evictions") || crit(findings, "oom errors")) {
      return Scenario.OUT_OF_MEMORY;
    }
    if (crit(findings, "persistence") || crit(findings, "aof rewrite")) {
      return Scenario.PERSISTENCE;
    }
    if (crit(findings, "latency")
        || crit(findings, "clients")
        || crit(findings, "commands")
        || crit(findings, "rejected connections")) {
      return Scenario.SLOW;
    }
    if (crit(findings, "replication") || crit(findings, "full resyncs")) {
      return Scenario.REPLICATION;
    }
    return otherwise;
  }

  private static boolean crit(List<Finding> findings, String check) {
    return findings.stream().anyMatch(f -> f.check().equals(check) && f.level() == Level.CRIT);
  }

  static Finding latency(Duration ping, Thresholds t) {
    double ms = ping.toNanos() / 1_000_000.0;
    return Finding.judge(
        "latency",
        String.format(Locale.ROOT, "PING %.2f ms", ms),
        ms,
        t.latencyWarnMs(),
        t.latencyCritMs(),
        "warn > " + num(t.latencyWarnMs()) + " ms, crit > " + num(t.latencyCritMs()) + " ms");
  }

  static Optional<Finding> memory(InfoSnapshot info, Thresholds t) {
    long used = info.number("used_memory", -1);
    long max = info.number("maxmemory", 0);
    if (used < 0) {
      return Optional.empty();
    }
    if (max <= 0) {
      return Optional.of(
          new Finding(
              "memory",
              Level.OK,
              Bytes.format(used) + " used, no maxmemory set",
              "percent checks need maxmemory"));
    }
    double percent = used * 100.0 / max;
    String policy = info.text("maxmemory_policy", "?");
    return Optional.of(
        Finding.judge(
            "memory",
            String.format(Locale.ROOT, "%.0f %% of %s", percent, Bytes.format(max))
                + " ("
                + Bytes.format(used)
                + " used, policy "
                + policy
                + ")",
            percent,
            t.memoryWarnPercent(),
            t.memoryCritPercent(),
            "warn > "
                + num(t.memoryWarnPercent())
                + " %, crit > "
                + num(t.memoryCritPercent())
                + " %"));
  }

  static Finding clients(InfoSnapshot info, Thresholds t) {
    long connected = info.number("connected_clients", 0);
    long max = info.number("maxclients", 0);
    long blocked = info.number("blocked_clients", 0);
    Level level =
        connected > t.clientsCrit()
            ? Level.CRIT
            : connected > t.clientsWarn() ? Level.WARN : Level.OK;
    String measured = Counts.format(connected) + " connected";
    if (max > 0) {
      double percent = connected * 100.0 / max;
      measured +=
          String.format(Locale.ROOT, " (%.0f %% of maxclients %s)", percent, Counts.format(max));
      if (percent > t.clientsPercentOfMax()) {
        level = Level.CRIT;
      }
    }
    if (blocked > 0) {
      measured += ", " + Counts.format(blocked) + " blocked";
    }
    return new Finding(
        "clients",
        level,
        measured,
        "warn > "
            + Counts.format(t.clientsWarn())
            + ", crit > "
            + Counts.format(t.clientsCrit())
            + " or > "
            + num(t.clientsPercentOfMax())
            + " % of maxclients");
  }

  static Finding evictions(InfoSnapshot info, Thresholds t) {
    long evicted = info.number("evicted_keys", 0);
    return Finding.judge(
        "evictions",
        Counts.of(evicted, "key", "keys") + " evicted since start",
        evicted,
        t.evictedWarn(),
        t.evictedCrit(),
        "warn > " + Counts.format(t.evictedWarn()) + ", crit > " + Counts.format(t.evictedCrit()));
  }

  static List<Finding> persistence(InfoSnapshot info, Thresholds t) {
    var out = new ArrayList<Finding>();
    if (info.number("loading", 0) == 1) {
      long eta = info.number("loading_eta_seconds", -1);
      out.add(
          new Finding(
              "persistence",
              Level.CRIT,
              "loading the dataset"
                  + (eta >= 0
                      ? ", about " + Durations.format(Duration.ofSeconds(eta)) + " left"
                      : ""),
              ""));
    }
    List<String> failures = new ArrayList<>();
    if ("err".equals(info.text("rdb_last_bgsave_status", "ok"))) {
      failures.add("last RDB save failed");
    }
    if ("err".equals(info.text("aof_last_bgrewrite_status", "ok"))) {
      failures.add("last AOF rewrite failed");
    }
    if ("err".equals(info.text("aof_last_write_status", "ok"))) {
      failures.add("AOF writes failing");
    }
    boolean aof = info.number("aof_enabled", 0) == 1;
    long changes = info.number("rdb_changes_since_last_save", 0);
    String state =
        (aof ? "AOF on" : "AOF off")
            + ", "
            + Counts.of(changes, "change", "changes")
            + (info.neverSaved() ? " since start" : " since last save")
            + lastSave(info);
    if (!failures.isEmpty()) {
      out.add(
          new Finding("persistence", Level.CRIT, String.join("; ", failures) + " — " + state, ""));
    } else if (out.isEmpty()) {
      out.add(new Finding("persistence", Level.OK, state, ""));
    }
    long rewriting = info.number("aof_current_rewrite_time_sec", -1);
    long lastRewrite = info.number("aof_last_rewrite_time_sec", -1);
    long rewriteSeconds = Math.max(rewriting, lastRewrite);
    if (aof && rewriteSeconds >= 0) {
      out.add(
          Finding.judge(
              "aof rewrite",
              (rewriting >= 0 ? "running for " : "last took ") + rewriteSeconds + " s",
              rewriteSeconds,
              t.aofRewriteWarnSeconds(),
              t.aofRewriteCritSeconds(),
              "warn > "
                  + t.aofRewriteWarnSeconds()
                  + " s, crit > "
                  + t.aofRewriteCritSeconds()
                  + " s"));
    }
    return out;
  }

  private static String lastSave(InfoSnapshot info) {
    long at = info.number("rdb_last_save_time", 0);
    if (at <= 0) {
      return "";
    }
    if (info.neverSaved()) {
      return ", never saved since it started";
    }
    long age = Math.max(0, System.currentTimeMillis() / 1000 - at);
    return ", last save " + Durations.format(Duration.ofSeconds(age)) + " ago";
  }

  static Optional<Finding> fragmentation(InfoSnapshot info, Thresholds t) {
    var ratio = info.decimal("mem_fragmentation_ratio");
    if (ratio.isEmpty()) {
      return Optional.empty();
    }
    long used = info.number("used_memory", 0);
    long rss = info.number("used_memory_rss", 0);
    long waste = Math.max(0, rss - used);
    String measured =
        String.format(Locale.ROOT, "ratio %.2f", ratio.getAsDouble())
            + (rss > 0
                ? " ("
                    + Bytes.format(rss)
                    + " resident for "
                    + Bytes.format(used)
                    + " used, "
                    + Bytes.format(waste)
                    + " beyond the data)"
                : "");
    if (waste < FRAGMENTATION_MIN_WASTE) {
      return Optional.of(
          new Finding(
              "fragmentation",
              Level.OK,
              measured,
              "not judged under " + Bytes.format(FRAGMENTATION_MIN_WASTE) + " beyond the data"));
    }
    Level level = ratio.getAsDouble() > t.fragmentationRatio() ? Level.WARN : Level.OK;
    return Optional.of(
        new Finding(
            "fragmentation",
            level,
            measured,
            "warn > "
                + num(t.fragmentationRatio())
                + " with "
                + Bytes.format(FRAGMENTATION_MIN_WASTE)
                + " or more beyond the data"));
  }

  static Optional<Finding> replication(InfoSnapshot info, Thresholds t) {
    return ReplicationFindings.of(info, t, Optional.empty());
  }

  static Optional<Finding> rejected(InfoSnapshot info) {
    long rejected = info.number("rejected_connections", 0);
    if (rejected == 0) {
      return Optional.empty();
    }
    return Optional.of(
        new Finding(
            "rejected connections",
            Level.WARN,
            Counts.format(rejected) + " since start (maxclients reached at some point)",
            ""));
  }

  private static String num(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
