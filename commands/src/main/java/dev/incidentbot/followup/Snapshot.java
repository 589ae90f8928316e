package dev.incidentbot.followup;

import dev.incidentbot.redis.Finding;
import dev.incidentbot.redis.Finding.Level;
import dev.incidentbot.redis.HealthReport;
import dev.incidentbot.redis.InfoSnapshot;
import dev.incidentbot.redis.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The numbers a follow-up compares, taken from one health check: what a person looks at to tell
 * whether a fix held. Values are null when the server did not answer. Stored between runs as {@code
 * name=value} lines ({@link #encode}), so it needs no serialisation library.
 *
 * @param takenAt when the check ran
 * @param label how the follow-up names this column ("before", "+5 min")
 * @param scenario the decision-tree scenario
 * @param memoryPercent used memory as a percentage of maxmemory (null without maxmemory)
 * @param usedMemory bytes used
 * @param clients connected clients
 * @param opsPerSec instantaneous operations per second
 * @param latencyMs best PING round trip in milliseconds
 * @param evictedKeys keys evicted since the server started
 * @param newEvictions keys evicted since the snapshot this one was compared with (null: unknown)
 * @param levels the health check's judgement per check ("memory", "clients", "latency")
 * @param queueDepths waiting jobs per queue, when known
 */
public record Snapshot(
    Instant takenAt,
    String label,
    Scenario scenario,
    Double memoryPercent,
    Long usedMemory,
    Long clients,
    Long opsPerSec,
    Double latencyMs,
    Long evictedKeys,
    Long newEvictions,
    Map<String, Level> levels,
    Map<String, Long> queueDepths) {

  public Snapshot {
    Objects.requireNonNull(takenAt, "takenAt");
    label = label == null ? "" : label;
    Objects.requireNonNull(scenario, "scenario");
    levels = Map.copyOf(levels);
    queueDepths = new TreeMap<>(queueDepths);
  }

  /** The numbers of {@code report}, with the queue depths measured beside it. */
  public static Snapshot of(
      HealthReport report, Map<String, Long> queueDepths, Instant at, String label) {
    InfoSnapshot info = report.info();
    var levels = new LinkedHashMap<String, Level>();
    for (Finding f : report.findings()) {
      levels.merge(f.check(), f.level(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
    }
    if (info == null) {
      return new Snapshot(
          at,
          label,
          report.scenario(),
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          levels,
          queueDepths);
    }
    long used = info.number("used_memory", -1);
    long max = info.number("maxmemory", 0);
    return new Snapshot(
        at,
        label,
        report.scenario(),
        max > 0 && used >= 0 ? used * 100.0 / max : null,
        used >= 0 ? used : null,
        boxed(info, "connected_clients"),
        boxed(info, "instantaneous_ops_per_sec"),
        report.ping().map(p -> p.toNanos() / 1_000_000.0).orElse(null),
        boxed(info, "evicted_keys"),
        null,
        levels,
        queueDepths);
  }

  private static Long boxed(InfoSnapshot info, String key) {
    var n = info.number(key);
    return n.isPresent() ? n.getAsLong() : null;
  }

  public Level level(String check) {
    return levels.getOrDefault(check, Level.OK);
  }

  public boolean answered() {
    return clients != null;
  }

  public Snapshot withLabel(String newLabel) {
    return new Snapshot(
        takenAt,
        newLabel,
        scenario,
        memoryPercent,
        usedMemory,
        clients,
        opsPerSec,
        latencyMs,
        evictedKeys,
        newEvictions,
        levels,
        queueDepths);
  }

  public Snapshot withNewEvictions(Long count) {
    return new Snapshot(
        takenAt,
        label,
        scenario,
        memoryPercent,
        usedMemory,
        clients,
        opsPerSec,
        latencyMs,
        evictedKeys,
        count,
        levels,
        queueDepths);
  }

  /** How long after {@code start} this was taken, as a column label: "+5 min". */
  public static String offsetLabel(Instant start, Instant at) {
    Duration d = Duration.between(start, at);
    if (d.isNegative()) {
      d = Duration.ZERO;
    }
    long seconds = Math.round(d.toMillis() / 1000.0);
    if (seconds < 60) {
      return "+" + seconds + " s";
    }
    long minutes = Math.round(seconds / 60.0);
    return minutes < 120 ? "+" + minutes + " min" : "+" + Math.round(minutes / 60.0) + " h";
  }

  /** {@code name=value} lines; {@link #decode} reads them back. */
  public String encode() {
    var sb = new StringBuilder();
    line(sb, "at", takenAt.toEpochMilli());
    line(sb, "label", label.replace('\n', ' '));
    line(sb, "scenario", scenario.name());
    line(sb, "memoryPercent", memoryPercent);
    line(sb, "usedMemory", usedMemory);
    line(sb, "clients", clients);
    line(sb, "opsPerSec", opsPerSec);
    line(sb, "latencyMs", latencyMs);
    line(sb, "evictedKeys", evictedKeys);
    line(sb, "newEvictions", newEvictions);
    new TreeMap<>(levels).forEach((k, v) -> line(sb, "level." + k, v.name()));
    queueDepths.forEach((k, v) -> line(sb, "queue." + k, v));
    return sb.toString();
  }

  /** Reads what {@link #encode} wrote. */
  public static Snapshot decode(String text) {
    var values = new LinkedHashMap<String, String>();
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        values.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    var levels = new LinkedHashMap<String, Level>();
    var queues = new LinkedHashMap<String, Long>();
    values.forEach(
        (k, v) -> {
          if (k.startsWith("level.")) {
            levels.put(k.substring(6), Level.valueOf(v));
          } else if (k.startsWith("queue.")) {
            queues.put(k.substring(6), Long.parseLong(v));
          }
        });
    return new Snapshot(
        Instant.ofEpochMilli(Long.parseLong(values.get("at"))),
        values.get("label"),
        Scenario.valueOf(values.get("scenario")),
        decimal(values.get("memoryPercent")),
        number(values.get("usedMemory")),
        number(values.get("clients")),
        number(values.get("opsPerSec")),
        decimal(values.get("latencyMs")),
        number(values.get("evictedKeys")),
        number(values.get("newEvictions")),
        levels,
        queues);
  }

  private static void line(StringBuilder sb, String name, Object value) {
    if (value != null) {
      sb.append(name).append('=').append(value).append('\n');
    }
  }

  private static Long number(String s) {
    return s == null ? null : Long.valueOf(s);
  }

  private static Double decimal(String s) {
    return s == null ? null : Double.valueOf(s);
  }
}
