package dev.incidentbot.redis.health;

import dev.incidentbot.format.Counts;
import dev.incidentbot.redis.InfoSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a health check saw over its short observation window, not at one instant: latency probes
 * sent at random moments, INFO sampled at the start and at the end (so counters are judged by how
 * much they moved, never by their since-start totals), the slow log entries and latency monitor
 * events newer than the window's start by the server's own clock, and whether a write-path probe
 * was held (CLIENT PAUSE WRITE).
 *
 * @param length how long the probes were spread over
 * @param probesMs every probe's latency in milliseconds, measured from the moment it was due (so a
 *     probe that waited behind a stall counts the stall), sorted
 * @param unanswered how many probes got no answer before the window closed (their latency above is
 *     a lower bound)
 * @param before INFO at the start
 * @param after INFO at the end
 * @param elapsed the time between the two INFO samples
 * @param slow slow log entries newer than the window's start
 * @param events latency monitor events newer than the window's start (empty when it is off)
 * @param writes whether the write-path probe answered
 * @param own commands the check itself sent between the two samples, by lower-case name
 */
public record Window(
    Duration length,
    double[] probesMs,
    int unanswered,
    InfoSnapshot before,
    InfoSnapshot after,
    Duration elapsed,
    List<SlowEntry> slow,
    List<LatencyEvent> events,
    WriteProbe writes,
    Map<String, Long> own) {

  /** The commands a check sends itself; never named as the cause of a slow server. */
  static final Set<String> OWN_COMMANDS =
      Set.of("ping", "info", "publish", "time", "client|setname");

  public Window {
    probesMs = probesMs.clone();
    java.util.Arrays.sort(probesMs);
    slow = List.copyOf(slow);
    events = List.copyOf(events);
    own = Map.copyOf(own);
  }

  /** Whether the write probe was answered, held (writes paused) or not sent. */
  public enum WriteProbe {
    ANSWERED,
    HELD,
    UNKNOWN
  }

  /**
   * One slow log entry.
   *
   * @param command the command's name, lower case
   * @param micros how long it ran
   * @param atSeconds when it was logged, by the server's clock
   */
  public record SlowEntry(String command, long micros, long atSeconds) {}

  /**
   * One latency monitor event ({@code LATENCY LATEST}).
   *
   * @param event its name ("command", "fast-command", "expire-cycle")
   * @param latestMs the latest spike
   * @param atSeconds when, by the server's clock
   */
  public record LatencyEvent(String event, long latestMs, long atSeconds) {}

  /** The {@code q} quantile of the probes (0.5, 0.99), in milliseconds. */
  public double quantile(double q) {
    if (probesMs.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(q * probesMs.length) - 1;
    return probesMs[Math.max(0, Math.min(probesMs.length - 1, i))];
  }

  public double maxMs() {
    return probesMs.length == 0 ? 0 : probesMs[probesMs.length - 1];
  }

  /** The share of probes (0 to 1) slower than {@code ms}. */
  public double shareOver(double ms) {
    if (probesMs.length == 0) {
      return 0;
    }
    return java.util.Arrays.stream(probesMs).filter(p -> p > ms).count() / (double) probesMs.length;
  }

  public int probes() {
    return probesMs.length;
  }

  /** How much a counter moved between the samples (0 when either sample lacks it). */
  public long delta(String key) {
    long a = before.number(key, -1);
    long b = after.number(key, -1);
    return a < 0 || b < 0 ? 0 : Math.max(0, b - a);
  }

  /** {@link #delta} per second of the window. */
  public double rate(String key) {
    return perSecond(delta(key));
  }

  public double perSecond(long count) {
    double seconds = Math.max(1e-3, elapsed.toNanos() / 1e9);
    return count / seconds;
  }

  /** Commands per second between the samples, without the check's own. */
  public double opsPerSecond() {
    long ownTotal = own.values().stream().mapToLong(Long::longValue).sum();
    return perSecond(Math.max(0, delta("total_commands_processed") - ownTotal));
  }

  /** How many errors with this prefix ("OOM", "BUSY", "MISCONF") were replied in the window. */
  public long errors(String prefix) {
    return errorCount(after, prefix)
        - Math.min(errorCount(after, prefix), errorCount(before, prefix));
  }

  private static long errorCount(InfoSnapshot info, String prefix) {
    // errorstat_OOM:count=12
    String v = info.text("errorstat_" + prefix, "");
    int at = v.indexOf("count=");
    if (at < 0) {
      return 0;
    }
    int end = v.indexOf(',', at);
    try {
      return Long.parseLong(v.substring(at + 6, end < 0 ? v.length() : end));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * What each command (but the check's own) cost the server during the window, the costliest first.
   */
  public List<CommandCost> commandCosts() {
    Map<String, long[]> a = commandStats(before);
    Map<String, long[]> b = commandStats(after);
    var out = new ArrayList<CommandCost>();
    for (var e : b.entrySet()) {
      long[] was = a.getOrDefault(e.getKey(), new long[] {0, 0});
      long calls = e.getValue()[0] - was[0];
      long usec = e.getValue()[1] - was[1];
      if (OWN_COMMANDS.contains(e.getKey())) {
        long mine = own.getOrDefault(e.getKey(), 0L);
        if (calls > 0) {
          usec -= usec * Math.min(calls, mine) / calls;
        }
        calls -= mine;
      }
      if (calls > 0 && usec > 0) {
        out.add(new CommandCost(e.getKey(), calls, usec));
      }
    }
    out.sort(Comparator.comparingLong(CommandCost::usec).reversed());
    return out;
  }

  /** The share (0 to 1) of the window the server spent running commands other than the check's. */
  public double busyShare() {
    long usec = commandCosts().stream().mapToLong(CommandCost::usec).sum();
    return usec / Math.max(1.0, elapsed.toNanos() / 1000.0);
  }

  /**
   * What one command cost during the window.
   *
   * @param command lower case, "config|set" for a subcommand
   * @param calls how many ran
   * @param usec their total run time
   */
  public record CommandCost(String command, long calls, long usec) {
    public double msPerCall() {
      return usec / 1000.0 / calls;
    }

    /** "KEYS (9 calls, 51 ms each)". */
    public String describe() {
      return command.toUpperCase(Locale.ROOT)
          + " ("
          + Counts.of(calls, "call", "calls")
          + ", "
          + ms(msPerCall())
          + " each)";
    }
  }

  /** {@code cmdstat_keys:calls=9,usec=460000,...} as name → {calls, usec}. */
  private static Map<String, long[]> commandStats(InfoSnapshot info) {
    var out = new LinkedHashMap<String, long[]>();
    for (var e : info.section("commandstats").entrySet()) {
      if (!e.getKey().startsWith("cmdstat_")) {
        continue;
      }
      long calls = field(e.getValue(), "calls");
      long usec = field(e.getValue(), "usec");
      out.put(
          e.getKey().substring("cmdstat_".length()).toLowerCase(Locale.ROOT),
          new long[] {calls, usec});
    }
    return out;
  }

  private static long field(String fields, String name) {
    for (String part : fields.split(",")) {
      if (part.startsWith(name + "=")) {
        try {
          return Long.parseLong(part.substring(name.length() + 1));
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 0;
  }

  /** The window's length as people read it: "0.5 s". */
  public String lengthText() {
    return String.format(Locale.ROOT, "%.1f s", elapsed.toMillis() / 1000.0);
  }

  /** "0.21 ms", "12 ms", "1.2 s". */
  public static String ms(double ms) {
    if (ms >= 1000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000);
    }
    return String.format(Locale.ROOT, ms < 10 ? "%.2f ms" : "%.0f ms", ms);
  }

  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  @Override
  public String toString() {
    return "Window[" + probes() + " probes over " + lengthText() + "]";
  }
}
