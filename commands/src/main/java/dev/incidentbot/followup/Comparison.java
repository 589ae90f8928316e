package dev.incidentbot.followup;

import dev.incidentbot.format.Bytes;
import dev.incidentbot.format.Counts;
import dev.incidentbot.redis.Thresholds;
import dev.incidentbot.redis.health.Finding.Level;
import dev.incidentbot.redis.health.Scenario;
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
 * <p>A regression is something that was fine before and is over its threshold now. Only measured
 * values are compared: for each metric the reference is the previous check that measured it, else
 * the baseline; a value that was not measured ("—") is never a reference and never a regression.
 * The scenario regresses when the reference check was healthy and now is not: "scenario back" when
 * the baseline or the previous check was in it, "now B: out of memory" for a new problem. Memory,
 * clients or latency regress from ok to warn or worse; a queue from at most its depth threshold to
 * over it; evictions from none since the check before to some since the previous check.
 *
 * @param rows the comparison table, one line per metric, columns aligned, then why any value is
 *     missing
 * @param regressions what regressed, one sentence each; empty when nothing did
 * @param newEvictions keys evicted since the reference, when both counts are known
 * @param regressionLevel the worst level among the regressions ({@code OK} when there are none)
 */
public record Comparison(
    String rows, List<String> regressions, Long newEvictions, Level regressionLevel) {

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
    var found = new Found();
    // newest first: the previous check, then the baseline
    var earlier = new ArrayList<Snapshot>();
    previous.ifPresent(earlier::add);
    baseline.ifPresent(earlier::add);
    if (!earlier.isEmpty()) {
      regressions(t, earlier, now, newEvictions, previous.isPresent(), found);
    }
    return new Comparison(table(columns, t), found.texts, newEvictions, found.worst);
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

  private static final class Found {
    final List<String> texts = new ArrayList<>();
    Level worst = Level.OK;

    void add(String text, Level level) {
      texts.add(text);
      worst = level.compareTo(worst) > 0 ? level : worst;
    }
  }

  private static void regressions(
      Thresholds t,
      List<Snapshot> earlier,
      Snapshot now,
      Long newEvictions,
      boolean refIsCheck,
      Found out) {
    Snapshot ref = earlier.get(0);
    if (ref.scenario() == Scenario.HEALTHY && now.scenario() != Scenario.HEALTHY) {
      boolean seenBefore = earlier.stream().anyMatch(s -> s.scenario() == now.scenario());
      out.add((seenBefore ? "scenario back: " : "now ") + now.scenario().label(), Level.CRIT);
    }
    if (!now.answered()) {
      return;
    }
    for (String check : Snapshot.CHECKS) {
      if (!now.measured(check) || now.level(check) == Level.OK) {
        continue;
      }
      Optional<Snapshot> measured =
          earlier.stream().filter(s -> s.answered() && s.measured(check)).findFirst();
      if (measured.isPresent() && measured.get().level(check) == Level.OK) {
        out.add(check + " back over its threshold: " + cell(now, check), now.level(check));
      }
    }
    for (String queue : now.queueDepths().keySet()) {
      long depth = now.queueDepths().get(queue);
      Long before = newestDepth(earlier, queue);
      if (depth > t.queueDepth() && before != null && before <= t.queueDepth()) {
        out.add(
            "queue "
                + queue
                + " back over "
                + Counts.format(t.queueDepth())
                + " waiting: "
                + Counts.format(depth),
            Level.WARN);
      }
    }
    boolean evictingNow = newEvictions != null && newEvictions > t.evictedWarn();
    boolean quietBefore = ref.newEvictions() != null && ref.newEvictions() <= t.evictedWarn();
    if (refIsCheck && evictingNow && quietBefore) {
      out.add(
          "keys are being evicted again: "
              + Counts.format(newEvictions)
              + " since the previous check",
          newEvictions > t.evictedCrit() ? Level.CRIT : Level.WARN);
    }
  }

  /**
   * The depth of {@code queue} in the newest earlier check that measured it: a check that counted
   * it, or one whose complete survey did not see it (no jobs). Null when none did.
   */
  private static Long newestDepth(List<Snapshot> earlier, String queue) {
    for (Snapshot s : earlier) {
      Long d = s.queueDepths().get(queue);
      if (d != null) {
        return d;
      }
      if (s.queuesMeasured()) {
        return 0L;
      }
    }
    return null;
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
                if (d == null) {
                  return s.queuesMeasured() ? "0" : "—";
                }
                return Counts.format(d) + (d > t.queueDepth() ? " ▲" : "");
              }));
    }
    rows.add(row("scenario", columns, s -> shortScenario(s.scenario())));
    String table = align(rows);
    var notes = new ArrayList<String>();
    for (Snapshot c : columns) {
      notes.addAll(notMeasuredNotes(c));
    }
    return notes.isEmpty() ? table : table + "\n" + String.join("\n", notes);
  }

  /** Why values of {@code s} are "—": "— before: not measured: timed out". */
  private static List<String> notMeasuredNotes(Snapshot s) {
    var reasons = new java.util.LinkedHashMap<String, List<String>>();
    s.notMeasured()
        .forEach((what, why) -> reasons.computeIfAbsent(why, k -> new ArrayList<>()).add(what));
    if (!s.answered() && reasons.size() == 1) {
      return List.of("— " + s.label() + ": not measured: " + reasons.keySet().iterator().next());
    }
    var out = new ArrayList<String>();
    reasons.forEach(
        (why, what) ->
            out.add("— " + s.label() + ": " + String.join(", ", what) + " not measured: " + why));
    return out;
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
