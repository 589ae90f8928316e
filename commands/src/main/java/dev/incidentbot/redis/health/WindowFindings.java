package dev.incidentbot.redis.health;

import dev.incidentbot.format.Counts;
import dev.incidentbot.redis.Thresholds;
import dev.incidentbot.redis.health.Finding.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The findings only a {@link Window} can give: latency from probes at random moments, what the
 * server spent the window on, and counters judged by how much they moved in it. Pure: no I/O.
 */
final class WindowFindings {
  /** A share of probes over the crit latency that makes the server slow, not unlucky. */
  static final double SLOW_SHARE_CRIT = 0.30;

  static final double SLOW_SHARE_WARN = 0.15;

  /** Over this share of the window spent in slow commands, the server is blocked by them. */
  static final double BUSY_SHARE_CRIT = 0.25;

  private WindowFindings() {}

  /**
   * "p50 0.21 ms, p99 0.80 ms, max 1.1 ms (24 probes over 0.5 s)": crit when the median probe
   * waited over the crit threshold or 30 % of them did; warn at the warn threshold or 15 %.
   */
  static Finding latency(Window w, Thresholds t) {
    double p50 = w.quantile(0.5);
    double share = w.shareOver(t.latencyCritMs());
    Level level = Level.OK;
    if (p50 > t.latencyWarnMs() || share >= SLOW_SHARE_WARN) {
      level = Level.WARN;
    }
    if (p50 > t.latencyCritMs() || share >= SLOW_SHARE_CRIT || w.unanswered() > 0) {
      level = Level.CRIT;
    }
    String unexplained = "";
    if (level != Level.OK && explanation(w, t).isEmpty()) {
      // the server did nothing that takes time: the spread is the bot's host or the network (a
      // starved bot host reads as a slow server otherwise). Judged like one PING then: by the
      // fastest probe, and never more than a warning
      double best = w.probes() == 0 ? 0 : w.probesMs()[0];
      level = best > t.latencyWarnMs() && w.unanswered() == 0 ? Level.WARN : Level.OK;
      if (w.unanswered() > 0) {
        level = Level.WARN;
      }
      unexplained =
          "; the server's own work does not explain the slow ones (no slow command, slow log"
              + " entry, latency event or fork in the window): the host or the network; fastest "
              + Window.ms(w.probes() == 0 ? 0 : w.probesMs()[0]);
    }
    String measured =
        "p50 "
            + Window.ms(p50)
            + ", p99 "
            + Window.ms(w.quantile(0.99))
            + ", max "
            + Window.ms(w.maxMs())
            + " ("
            + w.probes()
            + " probes over "
            + w.lengthText()
            + (share > 0
                ? String.format(
                    Locale.ROOT, "; %.0f %% over %s", share * 100, Window.ms(t.latencyCritMs()))
                : "")
            + (w.unanswered() > 0 ? "; " + w.unanswered() + " unanswered" : "")
            + ")"
            + unexplained;
    return new Finding(
        "latency",
        level,
        measured,
        "warn when p50 > "
            + num(t.latencyWarnMs())
            + " ms or ≥ 15 % of probes > "
            + num(t.latencyCritMs())
            + " ms; crit when p50 > "
            + num(t.latencyCritMs())
            + " ms or ≥ 30 %");
  }

  /**
   * What on the server explains slow probes, if anything: commands slower than the warn latency,
   * new slow log entries, latency monitor events, a fork during the window, or a server busy more
   * than half the window; empty when nothing does.
   */
  static java.util.Optional<String> explanation(Window w, Thresholds t) {
    var slowCommand =
        w.commandCosts().stream().filter(c -> c.msPerCall() > t.latencyWarnMs()).findFirst();
    if (slowCommand.isPresent()) {
      return java.util.Optional.of(slowCommand.get().describe());
    }
    if (!w.slow().isEmpty()) {
      return java.util.Optional.of("slow log entries");
    }
    if (w.events().stream().anyMatch(e -> e.latestMs() > t.latencyWarnMs())) {
      return java.util.Optional.of("latency monitor events");
    }
    long forkUsec = w.after().number("latest_fork_usec", 0);
    if (w.delta("total_forks") > 0 && forkUsec > t.latencyWarnMs() * 1000) {
      return java.util.Optional.of("a fork of " + Window.ms(forkUsec / 1000.0));
    }
    if (w.busyShare() > 0.5) {
      return java.util.Optional.of(
          String.format(Locale.ROOT, "busy %.0f %% of the window", w.busyShare() * 100));
    }
    return java.util.Optional.empty();
  }

  /** Evictions per second in the window, with the hit ratio; the since-start total as context. */
  static Finding evictions(Window w, Thresholds t) {
    long evicted = w.delta("evicted_keys");
    double rate = w.rate("evicted_keys");
    long total = w.after().number("evicted_keys", 0);
    String measured =
        evicted == 0
            ? "none in the last "
                + w.lengthText()
                + (total > 0 ? " (" + Counts.format(total) + " since start)" : "")
            : Counts.format(Math.round(rate))
                + " keys/s in the last "
                + w.lengthText()
                + " ("
                + Counts.format(total)
                + " since start)"
                + hitRatio(w).map(r -> ", hit ratio " + r).orElse("");
    Level level =
        evicted == 0
            ? Level.OK
            : rate > t.evictedCrit() ? Level.CRIT : rate > t.evictedWarn() ? Level.WARN : Level.OK;
    return new Finding(
        "evictions",
        level,
        measured,
        "warn > "
            + Counts.format(t.evictedWarn())
            + "/s, crit > "
            + Counts.format(t.evictedCrit())
            + "/s");
  }

  /** Keyspace hits over lookups in the window, or since start when nothing was looked up in it. */
  static java.util.Optional<String> hitRatio(Window w) {
    long hits = w.delta("keyspace_hits");
    long misses = w.delta("keyspace_misses");
    if (hits + misses == 0) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        String.format(Locale.ROOT, "%.0f %%", hits * 100.0 / (hits + misses)));
  }

  /** Counters that moved in the window: commands, slow log, OOM errors, refusals, resyncs. */
  static List<Finding> counters(Window w, Thresholds t) {
    // Long on purpose: one rule per counter that moved in the window, each with its threshold, read
    // as a table.
    var out = new ArrayList<Finding>();
    out.add(commands(w, t));
    slowLog(w).ifPresent(out::add);
    monitor(w, t).ifPresent(out::add);
    long oom = w.errors("OOM");
    if (oom > 0) {
      out.add(
          new Finding(
              "oom errors",
              Level.CRIT,
              "writes are failing now: "
                  + Counts.of(oom, "OOM error", "OOM errors")
                  + " in the last "
                  + w.lengthText(),
              ""));
    }
    long rejected = w.delta("rejected_connections");
    long rejectedTotal = w.after().number("rejected_connections", 0);
    if (rejected > 0) {
      out.add(
          new Finding(
              "rejected connections",
              Level.CRIT,
              Counts.of(rejected, "connection", "connections")
                  + " refused in the last "
                  + w.lengthText()
                  + " (maxclients "
                  + Counts.format(w.after().number("maxclients", 0))
                  + " reached)",
              ""));
    } else if (rejectedTotal > 0) {
      out.add(
          new Finding(
              "rejected connections",
              Level.OK,
              "none in the last "
                  + w.lengthText()
                  + " ("
                  + Counts.format(rejectedTotal)
                  + " since start)",
              "judged on the window, not on the total"));
    }
    long fullSyncs = w.delta("sync_full");
    long outputDrops = w.delta("client_output_buffer_limit_disconnections");
    if (fullSyncs > 0 || outputDrops > 0) {
      var parts = new ArrayList<String>();
      if (fullSyncs > 0) {
        parts.add(Counts.of(fullSyncs, "full resync", "full resyncs"));
      }
      if (outputDrops > 0) {
        parts.add(
            Counts.of(
                outputDrops,
                "client cut at its output buffer limit",
                "clients cut at their output buffer limit"));
      }
      out.add(
          new Finding(
              "full resyncs",
              Level.WARN,
              String.join(", ", parts)
                  + " in the last "
                  + w.lengthText()
                  + " ("
                  + Counts.format(w.after().number("sync_full", 0))
                  + " full resyncs since start)",
              "a replica that needs a full resync again and again never catches up"));
    }
    return out;
  }

  /**
   * "3,100 ops/s; 92 % of the window in KEYS (9 calls, 51 ms each)": crit when commands slower than
   * the crit latency took over a quarter of the window, warn when any did.
   */
  static Finding commands(Window w, Thresholds t) {
    List<Window.CommandCost> costs = w.commandCosts();
    double busy = w.busyShare();
    String measured =
        Counts.format(Math.round(w.opsPerSecond()))
            + " ops/s, busy "
            + String.format(Locale.ROOT, "%.0f %%", Math.min(100, busy * 100));
    Level level = Level.OK;
    if (!costs.isEmpty()) {
      Window.CommandCost top = costs.get(0);
      double share = top.usec() / Math.max(1.0, w.elapsed().toNanos() / 1000.0);
      if (share >= 0.05) {
        measured +=
            String.format(Locale.ROOT, ", %.0f %% in ", Math.min(100, share * 100))
                + top.describe();
      }
      long slowUsec =
          costs.stream()
              .filter(c -> c.msPerCall() > t.latencyCritMs())
              .mapToLong(Window.CommandCost::usec)
              .sum();
      double slowShare = slowUsec / Math.max(1.0, w.elapsed().toNanos() / 1000.0);
      if (slowShare > 0) {
        level = slowShare >= BUSY_SHARE_CRIT ? Level.CRIT : Level.WARN;
      }
      long warnUsec =
          costs.stream()
              .filter(c -> c.msPerCall() > t.latencyWarnMs())
              .mapToLong(Window.CommandCost::usec)
              .sum();
      if (warnUsec / Math.max(1.0, w.elapsed().toNanos() / 1000.0) >= 0.5) {
        level = Level.CRIT; // busy half the time with commands every client waits behind
      }
    }
    return new Finding(
        "commands",
        level,
        measured,
        "crit when commands slower than "
            + num(t.latencyCritMs())
            + " ms take ≥ 25 % of the window, or slower than "
            + num(t.latencyWarnMs())
            + " ms ≥ 50 %");
  }

  /** The slow log entries logged during the window, by command. */
  static java.util.Optional<Finding> slowLog(Window w) {
    if (w.slow().isEmpty()) {
      return java.util.Optional.empty();
    }
    Map<String, long[]> by = new LinkedHashMap<>();
    for (Window.SlowEntry e : w.slow()) {
      long[] a = by.computeIfAbsent(e.command(), k -> new long[2]);
      a[0]++;
      a[1] = Math.max(a[1], e.micros());
    }
    String text =
        by.entrySet().stream()
            .map(
                e ->
                    e.getKey().toUpperCase(Locale.ROOT)
                        + " ×"
                        + e.getValue()[0]
                        + " (up to "
                        + Window.ms(e.getValue()[1] / 1000.0)
                        + ")")
            .collect(Collectors.joining(", "));
    return java.util.Optional.of(
        new Finding(
            "slow log",
            Level.WARN,
            Counts.of(w.slow().size(), "new entry", "new entries") + " during the check: " + text,
            ""));
  }

  /** Latency monitor spikes recorded during the window (only when the monitor is on). */
  static java.util.Optional<Finding> monitor(Window w, Thresholds t) {
    if (w.events().isEmpty()) {
      return java.util.Optional.empty();
    }
    long worst = w.events().stream().mapToLong(Window.LatencyEvent::latestMs).max().orElse(0);
    return java.util.Optional.of(
        new Finding(
            "latency monitor",
            worst > t.latencyCritMs() ? Level.WARN : Level.OK,
            w.events().stream()
                    .map(e -> e.event() + " " + e.latestMs() + " ms")
                    .collect(Collectors.joining(", "))
                + " during the check",
            ""));
  }

  private static String num(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
