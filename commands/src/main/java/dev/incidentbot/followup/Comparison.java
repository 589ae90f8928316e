package dev.incidentbot.followup;

import dev.incidentbot.redis.Bytes;
import dev.incidentbot.redis.Counts;
import dev.incidentbot.redis.Finding.Level;
import dev.incidentbot.redis.Scenario;
import dev.incidentbot.redis.Thresholds;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Compares a follow-up check with the pre-action baseline and the previous check, and finds
 * regressions. Pure: no I/O, every rule unit-testable.
 *
 * <p>The reference for regressions is the previous check, or the baseline for the first check. A
 * regression is: the scenario back (reference healthy, now not); memory, clients or latency back
 * over their threshold (reference ok, now warn or worse); a queue back over its depth threshold;
 * keys being evicted again after a check that saw none.
 *
 * @param rows the comparison table, one line per metric, columns aligned
 * @param regressions what regressed, one sentence each; empty when nothing did
 * @param newEvictions keys evicted since the reference, when both counts are known
 */
public record Comparison(String rows, List<String> regressions, Long newEvictions) {

  /** How the check turned out, for the title and colour. */
  public enum Verdict {
    HOLDING,
    WARNINGS,
    NOT_FIXED,
    REGRESSION
  }

  public Comparison {
    regressions = List.copyOf(regressions);
  }

  public static Comparison of(
      Thresholds t, Optional<Snapshot> baseline, Optional<Snapshot> previous, Snapshot now) {
    Optional<Snapshot> reference = previous.isPresent() ? previous : baseline;
    Long newEvictions = reference.map(r -> evictedSince(r, now)).orElse(null);
    var columns = new ArrayList<Snapshot>();
    baseline.ifPresent(columns::add);
    previous.ifPresent(columns::add);
    columns.add(now.withNewEvictions(newEvictions));
    var regressions = new ArrayList<String>();
    reference.ifPresent(
        ref -> regressions.addAll(regressions(t, ref, now, newEvictions, previous.isPresent())));
    return new Comparison(table(columns, t), regressions, newEvictions);
  }

  /** The verdict for {@code now}: regressions first, then the scenario, then warnings. */
  public Verdict verdict(Snapshot now) {
    if (!regressions.isEmpty()) {
      return Verdict.REGRESSION;
    }
    if (now.scenario() != Scenario.HEALTHY) {
      return Verdict.NOT_FIXED;
    }
    boolean warn = now.levels().values().stream().anyMatch(l -> l != Level.OK);
    return warn ? Verdict.WARNINGS : Verdict.HOLDING;
  }

  private static List<String> regressions(
      Thresholds t, Snapshot ref, Snapshot now, Long newEvictions, boolean refIsCheck) {
    var out = new ArrayList<String>();
    if (ref.scenario() == Scenario.HEALTHY && now.scenario() != Scenario.HEALTHY) {
      out.add("scenario back: " + now.scenario().label());
    }
    if (!now.answered()) {
      return out;
    }
    for (String check : List.of("memory", "clients", "latency")) {
      if (ref.answered() && ref.level(check) == Level.OK && now.level(check) != Level.OK) {
        out.add(check + " back over its threshold: " + cell(now, check));
      }
    }
    for (String queue : now.queueDepths().keySet()) {
      long depth = now.queueDepths().get(queue);
      Long before = ref.queueDepths().get(queue);
      if (depth > t.queueDepth() && (before == null || before <= t.queueDepth())) {
        out.add(
            "queue "
                + queue
                + " back over "
                + Counts.format(t.queueDepth())
                + " waiting: "
                + Counts.format(depth));
      }
    }
    boolean evictingNow = newEvictions != null && newEvictions > t.evictedWarn();
    boolean quietBefore = ref.newEvictions() != null && ref.newEvictions() <= t.evictedWarn();
    if (refIsCheck && evictingNow && quietBefore) {
      out.add(
          "keys are being evicted again: "
              + Counts.format(newEvictions)
              + " since the previous check");
    }
    return out;
  }

  private static Long evictedSince(Snapshot ref, Snapshot now) {
    if (ref.evictedKeys() == null || now.evictedKeys() == null) {
      return null;
    }
    long delta = now.evictedKeys() - ref.evictedKeys();
    return delta >= 0 ? delta : now.evictedKeys(); // the server restarted: its count began again
  }

  private static String table(List<Snapshot> columns, Thresholds t) {
    var rows = new ArrayList<String[]>();
    var header = new ArrayList<String>();
    header.add("");
    columns.forEach(c -> header.add(c.label()));
    rows.add(header.toArray(String[]::new));
    rows.add(row("memory", columns, s -> cell(s, "memory")));
    rows.add(row("clients", columns, s -> cell(s, "clients")));
    rows.add(
        row("ops/s", columns, s -> s.opsPerSec() == null ? "—" : Counts.format(s.opsPerSec())));
    rows.add(row("latency", columns, s -> cell(s, "latency")));
    rows.add(row("evicted", columns, Comparison::evictedCell));
    var queues = new TreeSet<String>();
    columns.forEach(c -> queues.addAll(c.queueDepths().keySet()));
    for (String q : queues) {
      rows.add(
          row(
              "queue " + q,
              columns,
              s -> {
                Long d = s.queueDepths().get(q);
                return d == null ? "—" : Counts.format(d) + (d > t.queueDepth() ? " ▲" : "");
              }));
    }
    rows.add(row("scenario", columns, s -> shortScenario(s.scenario())));
    return align(rows);
  }

  private static String[] row(String name, List<Snapshot> columns, Function<Snapshot, String> f) {
    String[] r = new String[columns.size() + 1];
    r[0] = name;
    for (int i = 0; i < columns.size(); i++) {
      r[i + 1] = f.apply(columns.get(i));
    }
    return r;
  }

  static String cell(Snapshot s, String check) {
    String value =
        switch (check) {
          case "memory" ->
              s.memoryPercent() != null
                  ? String.format(Locale.ROOT, "%.0f %%", s.memoryPercent())
                  : s.usedMemory() != null ? Bytes.format(s.usedMemory()) : null;
          case "clients" -> s.clients() == null ? null : Counts.format(s.clients());
          case "latency" ->
              s.latencyMs() == null ? null : String.format(Locale.ROOT, "%.2f ms", s.latencyMs());
          default -> throw new IllegalArgumentException(check);
        };
    if (value == null) {
      return "—";
    }
    Level level = s.level(check);
    return level == Level.OK ? value : value + " " + level.marker();
  }

  private static String evictedCell(Snapshot s) {
    if (s.evictedKeys() == null) {
      return "—";
    }
    return Counts.format(s.evictedKeys())
        + (s.newEvictions() == null ? "" : " (+" + Counts.format(s.newEvictions()) + ")");
  }

  private static String shortScenario(Scenario s) {
    return s == Scenario.HEALTHY ? "healthy" : s.label().substring(0, s.label().indexOf(':'));
  }

  private static String align(List<String[]> rows) {
    int columns = rows.get(0).length;
    int[] width = new int[columns];
    for (String[] r : rows) {
      for (int i = 0; i < columns; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    var sb = new StringBuilder();
    for (String[] r : rows) {
      var line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(i == 0 ? "" : "  ").append(r[i]);
        if (i < columns - 1) {
          line.append(" ".repeat(width[i] - r[i].length()));
        }
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    return sb.toString().stripTrailing();
  }
}
