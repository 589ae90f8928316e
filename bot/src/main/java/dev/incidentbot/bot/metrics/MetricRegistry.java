package dev.incidentbot.bot.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;

/**
 * Counters, gauges and histograms, written out in the Prometheus text exposition format (version
 * 0.0.4). Metrics are registered once at start-up; names are checked then.
 *
 * <p>Thread-safe: counting is lock-free, rendering takes a consistent-enough snapshot.
 */
public final class MetricRegistry {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  private final List<Metric> metrics = new ArrayList<>();

  /** A counter with the given label names (none for a plain counter). */
  public synchronized Counter counter(String name, String help, String... labels) {
    var counter = new Counter(check(name), help, labels);
    metrics.add(counter);
    return counter;
  }

  /** A gauge whose value is read from {@code value} when rendered. */
  public synchronized void gauge(String name, String help, DoubleSupplier value) {
    metrics.add(new Gauge(check(name), help, value));
  }

  /** A histogram with the given upper bounds (seconds, ascending). */
  public synchronized Histogram histogram(String name, String help, double... buckets) {
    var histogram = new Histogram(check(name), help, buckets);
    metrics.add(histogram);
    return histogram;
  }

  /** Every metric in the text exposition format. */
  public String render() {
    List<Metric> snapshot;
    synchronized (this) {
      snapshot = List.copyOf(metrics);
    }
    var out = new StringBuilder();
    for (Metric m : snapshot) {
      out.append("# HELP ").append(m.name()).append(' ').append(escapeHelp(m.help())).append('\n');
      out.append("# TYPE ").append(m.name()).append(' ').append(m.type()).append('\n');
      m.write(out);
    }
    return out.toString();
  }

  private String check(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("bad metric name '" + name + "'");
    }
    if (metrics.stream().anyMatch(m -> m.name().equals(name))) {
      throw new IllegalArgumentException("metric '" + name + "' registered twice");
    }
    return name;
  }

  private interface Metric {
    String name();

    String help();

    String type();

    void write(StringBuilder out);
  }

  /** A monotonically increasing count, per combination of label values. */
  public static final class Counter implements Metric {
    private final String name;
    private final String help;
    private final String[] labels;
    private final Map<List<String>, LongAdder> values = new ConcurrentHashMap<>();

    private Counter(String name, String help, String[] labels) {
      this.name = name;
      this.help = help;
      this.labels = labels.clone();
    }

    /** Adds one for these label values, given in the order the labels were registered. */
    public void inc(String... labelValues) {
      if (labelValues.length != labels.length) {
        throw new IllegalArgumentException(name + " takes " + labels.length + " label values");
      }
      values.computeIfAbsent(List.of(labelValues), k -> new LongAdder()).increment();
    }

    /** The count for these label values. */
    public long get(String... labelValues) {
      LongAdder adder = values.get(Arrays.asList(labelValues));
      return adder == null ? 0 : adder.sum();
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String help() {
      return help;
    }

    @Override
    public String type() {
      return "counter";
    }

    @Override
    public void write(StringBuilder out) {
      var sorted = new ConcurrentSkipListMap<String, Long>();
      values.forEach((k, v) -> sorted.put(labelText(labels, k), v.sum()));
      if (sorted.isEmpty() && labels.length == 0) {
        sorted.put("", 0L);
      }
      sorted.forEach((l, v) -> out.append(name).append(l).append(' ').append(v).append('\n'));
    }
  }

  private record Gauge(String name, String help, DoubleSupplier value) implements Metric {
    @Override
    public String type() {
      return "gauge";
    }

    @Override
    public void write(StringBuilder out) {
      out.append(name).append(' ').append(number(value.getAsDouble())).append('\n');
    }
  }

  /** Observations counted into cumulative buckets, with their sum and count. */
  public static final class Histogram implements Metric {
    private final String name;
    private final String help;
    private final double[] bounds;
    private final LongAdder[] buckets;
    private final LongAdder count = new LongAdder();
    private final DoubleAdder sum = new DoubleAdder();

    private Histogram(String name, String help, double[] bounds) {
      this.name = name;
      this.help = help;
      this.bounds = bounds.clone();
      Arrays.sort(this.bounds);
      this.buckets = new LongAdder[bounds.length];
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = new LongAdder();
      }
    }

    public void observe(double value) {
      for (int i = 0; i < bounds.length; i++) {
        if (value <= bounds[i]) {
          buckets[i].increment();
          break;
        }
      }
      count.increment();
      sum.add(value);
    }

    public long count() {
      return count.sum();
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String help() {
      return help;
    }

    @Override
    public String type() {
      return "histogram";
    }

    @Override
    public void write(StringBuilder out) {
      long cumulative = 0;
      for (int i = 0; i < bounds.length; i++) {
        cumulative += buckets[i].sum();
        out.append(name)
            .append("_bucket{le=\"")
            .append(number(bounds[i]))
            .append("\"} ")
            .append(cumulative)
            .append('\n');
      }
      long total = count.sum();
      out.append(name).append("_bucket{le=\"+Inf\"} ").append(total).append('\n');
      out.append(name).append("_sum ").append(number(sum.sum())).append('\n');
      out.append(name).append("_count ").append(total).append('\n');
    }
  }

  private static String labelText(String[] names, List<String> values) {
    if (names.length == 0) {
      return "";
    }
    var sb = new StringBuilder("{");
    for (int i = 0; i < names.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(names[i]).append("=\"").append(escapeLabel(values.get(i))).append('"');
    }
    return sb.append('}').toString();
  }

  private static String number(double d) {
    if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
      return String.valueOf((long) d);
    }
    return String.format(Locale.ROOT, "%s", d);
  }

  private static String escapeLabel(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String escapeHelp(String help) {
    return help.replace("\\", "\\\\").replace("\n", "\\n");
  }
}
