package dev.incidentbot.followup;

import dev.incidentbot.followup.QueueDepths.Depths;
import dev.incidentbot.redis.InfoSnapshot;
import dev.incidentbot.redis.RedisProblem;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.health.Finding;
import dev.incidentbot.redis.health.Finding.Level;
import dev.incidentbot.redis.health.HealthReport;
import dev.incidentbot.redis.health.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * @param notMeasured why a value is missing, by name ("memory", "clients", "latency", "queues"):
 *     "timed out", "PING refused (loading)"; a queue missing from {@code queueDepths} has no jobs
 *     unless "queues" is here
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
    Map<String, Long> queueDepths,
    Map<String, String> notMeasured) {

  /** The measured values the follow-up compares, in table order. */
  static final List<String> CHECKS = List.of("memory", "clients", "latency");

  private static final Logger log = LoggerFactory.getLogger(Snapshot.class);

  public Snapshot {
    Objects.requireNonNull(takenAt, "takenAt");
    label = label == null ? "" : label;
    Objects.requireNonNull(scenario, "scenario");
    levels = Map.copyOf(levels);
    queueDepths = new TreeMap<>(queueDepths);
    notMeasured = new TreeMap<>(notMeasured);
  }

  /** The numbers of {@code report}, with the queue depths measured beside it by {@code queues}. */
  static Snapshot of(
      HealthReport report, Target target, QueueDepths queues, Instant at, String label) {
    if (report.info() == null) {
      return of(report, Depths.complete(Map.of()), at, label);
    }
    try {
      return of(report, queues.of(target), at, label);
    } catch (RuntimeException e) {
      log.warn("target {}: queue depths for a follow-up check failed", target.name(), e);
      return of(report, Depths.incomplete(Map.of(), why(RedisProblem.of(target, e))), at, label);
    }
  }

  /** A short reason for a value that was not measured: "timed out", "connection refused". */
  public static String why(RedisProblem problem) {
    return switch (problem.kind()) {
      case TIMEOUT, CONNECT_TIMEOUT -> "timed out";
      case REFUSED -> "connection refused";
      case DROPPED -> "connection dropped";
      case UNKNOWN_HOST -> "host not found";
      case AUTH -> "the bot cannot log in";
      case LOADING -> "loading its dataset";
      case MISCONF -> "refused (MISCONF)";
      case OOM -> "out of memory";
      case BUSY -> "busy with a script";
      case PAUSED -> "paused (CLIENT PAUSE)";
      case MAXCLIENTS -> "maxclients reached";
      case READONLY -> "read-only replica";
      case NOT_REDIS -> "not a Redis server";
      case OTHER -> "error";
    };
  }

  /** The numbers of {@code report}, with the queue depths measured beside it. */
  public static Snapshot of(HealthReport report, Depths depths, Instant at, String label) {
    InfoSnapshot info = report.info();
    var levels = new LinkedHashMap<String, Level>();
    for (Finding f : report.findings()) {
      levels.merge(f.check(), f.level(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
    }
    var notMeasured = new TreeMap<String, String>();
    Map<String, Long> queueDepths = depths.waiting();
    depths.incomplete().ifPresent(why -> notMeasured.put("queues", why));
    if (info == null) {
      String why = report.problem().map(Snapshot::why).orElse("no answer");
      CHECKS.forEach(c -> notMeasured.put(c, why));
      notMeasured.put("queues", why);
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
          queueDepths,
          notMeasured);
    }
    if (report.ping().isEmpty()) {
      notMeasured.put(
          "latency",
          report.problem().map(p -> "PING refused (" + why(p) + ")").orElse("PING refused"));
    }
    long used = info.number("used_memory", -1);
    return new Snapshot(
        at,
        label,
        report.scenario(),
        info.memoryPercent(),
        used >= 0 ? used : null,
        boxed(info, "connected_clients"),
        boxed(info, "instantaneous_ops_per_sec"),
        report.ping().map(p -> p.toNanos() / 1_000_000.0).orElse(null),
        boxed(info, "evicted_keys"),
        null,
        levels,
        queueDepths,
        notMeasured);
  }

  private static Long boxed(InfoSnapshot info, String key) {
    var n = info.number(key);
    return n.isPresent() ? n.getAsLong() : null;
  }

  public Level level(String check) {
    return levels.getOrDefault(check, Level.OK);
  }

  /** Whether {@code check} ("memory", "clients", "latency") has a value here. */
  public boolean measured(String check) {
    return switch (check) {
      case "memory" -> memoryPercent != null || usedMemory != null;
      case "clients" -> clients != null;
      case "latency" -> latencyMs != null;
      default -> throw new IllegalArgumentException(check);
    };
  }

  /** Whether every queue was counted, so that a queue missing here has no jobs. */
  public boolean queuesMeasured() {
    return answered() && !notMeasured.containsKey("queues");
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
        queueDepths,
        notMeasured);
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
        queueDepths,
        notMeasured);
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
    notMeasured.forEach((k, v) -> line(sb, "notMeasured." + k, v.replace('\n', ' ')));
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
    var notMeasured = new LinkedHashMap<String, String>();
    values.forEach(
        (k, v) -> {
          if (k.startsWith("level.")) {
            levels.put(k.substring(6), Level.valueOf(v));
          } else if (k.startsWith("queue.")) {
            queues.put(k.substring(6), Long.parseLong(v));
          } else if (k.startsWith("notMeasured.")) {
            notMeasured.put(k.substring(12), v);
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
        queues,
        notMeasured);
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
