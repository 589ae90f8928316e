package dev.incidentbot.redis.bigkeys;

import dev.incidentbot.chat.Button;
import dev.incidentbot.chat.Ellipsis;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.RunningJobs;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.format.Counts;
import dev.incidentbot.format.Durations;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.bigkeys.BigKeysCommand.Result;
import dev.incidentbot.redis.bigkeys.TypeStats.BigKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The interim and final replies of {@code /redis bigkeys}. */
final class BigKeysReplies {
  private static final int MAX_KEY_CHARS = 80;

  private BigKeysReplies() {}

  static Reply interim(
      Target target,
      Statistic by,
      long scanned,
      long estimate,
      long startNanos,
      RunningJobs.Job job,
      boolean stopping) {
    double percent = estimate > 0 ? Math.min(100, scanned * 100.0 / estimate) : 0;
    Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
    var reply =
        Reply.builder(
                String.format(
                    Locale.ROOT,
                    "%s: scanning for big keys by %s — %,d of ~%,d keys (%.0f %%)",
                    target.name(),
                    by.name().toLowerCase(Locale.ROOT),
                    scanned,
                    estimate,
                    percent))
            .text(stopping ? "Stopping…" : "Running for " + Durations.format(elapsed) + ".");
    if (!stopping) {
      reply.button("Stop", Button.Style.DANGER, job.stopAction());
    }
    return reply.build();
  }

  static Reply result(Target target, String pattern, Statistic by, int limit, Result r) {
    var reply = Reply.builder(title(target, by, r));
    reply.severity(r.failures().isEmpty() ? Severity.INFO : Severity.WARN);
    List<TypeStats> types =
        by == Statistic.MEMORY
            ? biggestFirst(r.byType().values())
            : new ArrayList<>(r.byType().values());
    reply.text(notes(pattern, by, r, types));
    if (r.byType().isEmpty()) {
      reply.line(r.scanned() == 0 ? "No key matches " + pattern + "." : "No sizable keys found.");
    }
    Listing listing = listing(by, types, r.nodes() > 1);
    if (!listing.inline().isEmpty()) {
      reply.code("", listing.inline().strip());
    }
    if (limit > BigKeysCommand.INLINE_LIMIT && !r.byType().isEmpty()) {
      reply.attach(BigKeysCommand.file("bigkeys-" + target.name() + ".txt", listing.full()));
    }
    r.failures().forEach(f -> reply.field("✖ not scanned", f));
    return reply.build();
  }

  /** "cache: biggest keys by memory — 1,000 keys scanned in 2s (stopped by alice)". */
  private static String title(Target target, Statistic by, Result r) {
    String what = by == Statistic.MEMORY ? "memory" : "element count";
    return String.format(
        Locale.ROOT,
        "%s: biggest keys by %s — %,d keys scanned in %s%s",
        target.name(),
        what,
        r.scanned(),
        Durations.format(r.took()),
        r.stopped()
            ? r.stoppedBy().isEmpty() ? " (stopped)" : " (stopped by " + r.stoppedBy() + ")"
            : r.complete() ? "" : " (incomplete)");
  }

  /** The biggest key (by memory), how the scan ran and, when stopped, what the list means. */
  private static String notes(String pattern, Statistic by, Result r, List<TypeStats> types) {
    var notes = new ArrayList<String>();
    notes.add("Pattern " + pattern + ", SCAN COUNT " + BigKeysScan.SCAN_COUNT + ", pipelined.");
    if (r.stopped()) {
      notes.add(
          (r.stoppedBy().isEmpty() ? "Stopped on request" : "Stopped by " + r.stoppedBy())
              + ": these are the biggest keys among those scanned so far.");
    }
    if (by == Statistic.MEMORY) {
      biggest(types).ifPresent(line -> notes.add(0, line));
    }
    return String.join("\n", notes);
  }

  /**
   * The keys per type: all of them for the file, the first {@link BigKeysCommand#INLINE_LIMIT} of
   * each type inline.
   */
  private record Listing(String full, String inline) {}

  private static Listing listing(Statistic by, List<TypeStats> types, boolean withNode) {
    var full = new StringBuilder();
    var inline = new StringBuilder();
    for (TypeStats s : types) {
      String summary = summary(by, s);
      List<String> lines = lines(by, s, withNode);
      full.append(summary).append('\n');
      lines.forEach(l -> full.append(l).append('\n'));
      inline.append(summary).append('\n');
      int shown = Math.min(lines.size(), BigKeysCommand.INLINE_LIMIT);
      lines.subList(0, shown).forEach(l -> inline.append(l).append('\n'));
      if (lines.size() > shown) {
        inline.append("   … and ").append(lines.size() - shown).append(" more in the file\n");
      }
    }
    return new Listing(full.toString(), inline.toString());
  }

  /** "hash — 12 keys, 1.2 MiB in all, average 100 KiB", the heading of a type's keys. */
  private static String summary(Statistic by, TypeStats s) {
    return String.format(
        Locale.ROOT,
        "%s — %s, %s in all%s, average %s",
        s.type(),
        Counts.of(s.keys(), "key", "keys"),
        BigKeysCommand.size(by, s.type(), s.totalSize()),
        by == Statistic.COUNT && s.type().equals("string") ? " (value lengths)" : "",
        BigKeysCommand.size(by, s.type(), s.keys() == 0 ? 0 : s.totalSize() / s.keys()));
  }

  /**
   * By memory the sizes compare across types, so the type holding the biggest key comes first (ties
   * by name). Element counts do not compare (fields, items, bytes): those stay in name order, as
   * redis-cli --bigkeys prints them.
   */
  private static List<TypeStats> biggestFirst(Collection<TypeStats> stats) {
    var out = new ArrayList<>(stats);
    out.sort(
        Comparator.comparingLong((TypeStats s) -> s.largest().map(BigKey::size).orElse(0L))
            .reversed()
            .thenComparing(TypeStats::type));
    return out;
  }

  /** "Biggest: user:big (hash, 1.2 MiB)", the first line of a by:memory answer. */
  private static Optional<String> biggest(List<TypeStats> types) {
    if (types.isEmpty()) {
      return Optional.empty();
    }
    TypeStats s = types.get(0);
    return s.largest()
        .map(
            k ->
                "Biggest: "
                    + printable(k.key())
                    + " ("
                    + s.type()
                    + ", "
                    + BigKeysCommand.size(Statistic.MEMORY, s.type(), k.size())
                    + ")");
  }

  private static List<String> lines(Statistic by, TypeStats s, boolean withNode) {
    var out = new ArrayList<String>();
    int i = 1;
    for (TypeStats.BigKey k : s.biggest()) {
      out.add(
          String.format(
              Locale.ROOT,
              "%4d. %14s  %s%s",
              i++,
              BigKeysCommand.size(by, s.type(), k.size()),
              printable(k.key()),
              withNode ? "  [" + k.node() + "]" : ""));
    }
    return out;
  }

  /** Keys as safe text: control characters and backticks replaced, long ones cut. */
  static String printable(String key) {
    var sb = new StringBuilder();
    for (char c : key.toCharArray()) {
      sb.append(Character.isISOControl(c) || c == '`' ? '?' : c);
    }
    return Ellipsis.cut(sb.toString(), MAX_KEY_CHARS);
  }
}
