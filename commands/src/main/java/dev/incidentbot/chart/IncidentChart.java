package dev.incidentbot.chart;

import dev.incidentbot.sample.Sample;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.SimpleDateFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import java.util.TreeSet;
import java.util.function.Function;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Renders an incident's samples as one PNG: aligned panels sharing a UTC time axis, one line per
 * target (latency: p50 solid, p99 dashed; queues: one line per queue), the memory thresholds as
 * horizontal lines and a vertical line for every alert, action and status update. Blocked clients
 * are dotted lines on the ops/s panel's right-hand axis, and evictions/s get a panel of their own,
 * each only when some sample has any.
 *
 * <p>Stateless and thread-safe; rendering runs headless ({@code java.awt.headless=true} is set when
 * nothing set it before). A 24-hour incident at 15 s samples of 5 targets renders in well under a
 * second (bench/chart).
 */
public final class IncidentChart {
  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  public static final int WIDTH = 1200;
  static final int PANEL_HEIGHT = 200;
  static final int FRAME_HEIGHT = 110;

  /** Panel names, top to bottom when present. */
  public static final String MEMORY = "Memory %";

  public static final String LATENCY = "Latency ms (PING p50, p99 dashed)";
  public static final String OPS = "ops/s";

  /** The ops/s panel's right-hand axis, present when some target had blocked clients. */
  public static final String BLOCKED = "Blocked clients (dotted)";

  public static final String EVICTIONS = "Evictions/s";
  public static final String QUEUES = "Waiting jobs";

  public static final Color ALERT_COLOR = new Color(214, 39, 40);
  public static final Color ACTION_COLOR = new Color(31, 119, 180);
  public static final Color UPDATE_COLOR = new Color(100, 100, 100);
  public static final Color WARN_COLOR = new Color(255, 127, 14);
  public static final Color CRIT_COLOR = new Color(140, 20, 20);

  /** Target colours: none of them a marker's or a threshold's. */
  static final Color[] PALETTE = {
    new Color(44, 160, 44),
    new Color(148, 103, 189),
    new Color(140, 86, 75),
    new Color(23, 190, 207),
    new Color(188, 189, 34),
    new Color(227, 119, 194),
    new Color(0, 90, 50),
    new Color(80, 40, 120)
  };

  private static final Color LABEL_BACKGROUND = new Color(255, 255, 255, 210);
  private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
  private static final BasicStroke MARKER_STROKE = new BasicStroke(2f);
  private static final BasicStroke THRESHOLD_STROKE = new BasicStroke(1.5f);
  private static final BasicStroke DASHED =
      new BasicStroke(
          1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f);
  private static final BasicStroke DOTTED =
      new BasicStroke(
          1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 3f}, 0f);

  /** A rendered chart: the PNG, and where things are drawn, for tests and checks. */
  public record Rendered(
      byte[] png,
      BufferedImage image,
      JFreeChart chart,
      ChartRenderingInfo info,
      List<String> panels) {

    private CombinedDomainXYPlot plot() {
      return (CombinedDomainXYPlot) chart.getPlot();
    }

    /** The data area of {@code panel}, in image pixels. */
    public Rectangle2D dataArea(String panel) {
      int i = panels.indexOf(panel);
      if (i < 0) {
        throw new IllegalArgumentException("no panel " + panel + " in " + panels);
      }
      return info.getPlotInfo().getSubplotInfo(i).getDataArea();
    }

    /** The x pixel of {@code at}. */
    public double x(Instant at) {
      var plot = plot();
      return plot.getDomainAxis()
          .valueToJava2D(at.toEpochMilli(), dataArea(panels.get(0)), plot.getDomainAxisEdge());
    }

    /** The y pixel of {@code value} in {@code panel}. */
    public double y(String panel, double value) {
      XYPlot sub = plot().getSubplots().get(panels.indexOf(panel));
      return sub.getRangeAxis().valueToJava2D(value, dataArea(panel), sub.getRangeAxisEdge());
    }
  }

  /** Renders {@code data} at {@link #WIDTH} wide, {@link #PANEL_HEIGHT} per panel. */
  public Rendered render(ChartData data) {
    var targets = new TreeSet<String>();
    data.samples().forEach(s -> targets.add(s.target()));
    List<String> names = List.copyOf(targets);
    var plot = new CombinedDomainXYPlot(timeAxis(data));
    plot.setGap(12);
    var panels = new ArrayList<String>();

    XYPlot memory = memoryPanel(data, names);
    if (memory != null) {
      add(plot, panels, memory, MEMORY);
    }
    XYPlot latency = latencyPanel(data, names);
    if (latency != null) {
      add(plot, panels, latency, LATENCY);
    }
    // the targets' colours are in the legend once, from the memory panel when there is one
    XYPlot ops = opsPanel(data, names, memory == null);
    if (ops != null) {
      blockedClients(ops, data, names);
      add(plot, panels, ops, OPS);
    }
    XYPlot evictions = evictionsPanel(data, names, memory == null && ops == null);
    if (evictions != null) {
      add(plot, panels, evictions, EVICTIONS);
    }
    XYPlot queues = queuePanel(data);
    if (queues != null) {
      add(plot, panels, queues, QUEUES);
    }
    if (panels.isEmpty()) {
      // nothing was measured: one empty panel, so that the markers still show when things happened
      var empty = new XYPlot(new XYSeriesCollection(), null, new NumberAxis("no samples"), line());
      add(plot, panels, empty, "no samples");
    }
    markers(plot, data.markers());

    var chart = new JFreeChart(data.title(), JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return png(chart, panels);
  }

  /** The shared UTC time axis over the data's window; the day is shown past 20 hours. */
  private static DateAxis timeAxis(ChartData data) {
    var time = new DateAxis("Time (UTC)");
    TimeZone utc = TimeZone.getTimeZone("UTC");
    time.setTimeZone(utc);
    var format =
        new SimpleDateFormat(
            Duration.between(data.from(), data.to()).compareTo(Duration.ofHours(20)) > 0
                ? "dd HH:mm"
                : "HH:mm",
            Locale.ROOT);
    format.setTimeZone(utc);
    time.setDateFormatOverride(format);
    time.setRange(data.from().toEpochMilli(), data.to().toEpochMilli());
    return time;
  }

  /**
   * Memory % per target, from 0 to at least 100, with a line per threshold (the highest in the
   * critical colour); null when no sample has it.
   */
  private static XYPlot memoryPanel(ChartData data, List<String> names) {
    XYPlot memory = panel(data, names, MEMORY, s -> s.memoryPercent(), false);
    if (memory == null) {
      return null;
    }
    NumberAxis axis = (NumberAxis) memory.getRangeAxis();
    double top =
        data.samples().stream()
            .filter(s -> s.memoryPercent() != null)
            .mapToDouble(Sample::memoryPercent)
            .max()
            .orElse(0);
    axis.setRange(0, Math.max(100, top * 1.05));
    var thresholds = new TreeSet<>(data.memoryThresholds());
    int i = 0;
    for (double t : thresholds) {
      var line =
          new ValueMarker(
              t, i == thresholds.size() - 1 ? CRIT_COLOR : WARN_COLOR, THRESHOLD_STROKE);
      line.setLabel(String.format(Locale.ROOT, "%.0f %%", t));
      line.setLabelFont(LABEL_FONT);
      line.setLabelAnchor(RectangleAnchor.LEFT);
      line.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
      line.setLabelBackgroundColor(LABEL_BACKGROUND);
      memory.addRangeMarker(line);
      i++;
    }
    return memory;
  }

  /** ops/s per target, in the legend only when {@code inLegend}; null when no sample has it. */
  private static XYPlot opsPanel(ChartData data, List<String> names, boolean inLegend) {
    XYPlot ops =
        panel(
            data,
            names,
            OPS,
            s -> s.opsPerSec() == null ? null : s.opsPerSec().doubleValue(),
            false);
    if (ops != null && !inLegend) {
      ops.getRenderer().setDefaultSeriesVisibleInLegend(false);
    }
    return ops;
  }

  /**
   * Evictions/s per target, in the legend only when {@code inLegend}; null unless some sample
   * evicted (a panel of zeros would only take room).
   */
  private static XYPlot evictionsPanel(ChartData data, List<String> names, boolean inLegend) {
    boolean evicted =
        data.samples().stream()
            .anyMatch(s -> s.evictionsPerSec() != null && s.evictionsPerSec() > 0);
    if (!evicted) {
      return null;
    }
    XYPlot evictions = panel(data, names, EVICTIONS, Sample::evictionsPerSec, false);
    if (evictions != null && !inLegend) {
      evictions.getRenderer().setDefaultSeriesVisibleInLegend(false);
    }
    return evictions;
  }

  /**
   * Blocked clients per target as dotted lines in the target's colour on a right-hand axis of the
   * ops/s panel (a count of clients waiting in BLPOP and the like, next to the traffic), when some
   * sample has any; the axis title says what the dots are, so they stay out of the legend.
   */
  private static void blockedClients(XYPlot ops, ChartData data, List<String> names) {
    boolean any =
        data.samples().stream().anyMatch(s -> s.blockedClients() != null && s.blockedClients() > 0);
    if (!any) {
      return;
    }
    var dataset = new XYSeriesCollection();
    var renderer = line();
    for (int i = 0; i < names.size(); i++) {
      var points = new SeriesPoints();
      for (Sample s : data.samples()) {
        if (s.target().equals(names.get(i))) {
          Long n = s.blockedClients();
          points.add(s.takenAt().toEpochMilli(), n == null ? null : n.doubleValue());
        }
      }
      // a count that jumps between small numbers: 8-pixel buckets keep its lows and highs legible
      dataset.addSeries(
          points.toSeries(
              names.get(i) + " blocked",
              data.from().toEpochMilli(),
              data.to().toEpochMilli(),
              WIDTH / 8));
      renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
      renderer.setSeriesStroke(i, DOTTED);
    }
    renderer.setDefaultSeriesVisibleInLegend(false);
    var axis = new NumberAxis(BLOCKED);
    axis.setAutoRangeIncludesZero(true);
    axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    // the dots' peak at 4/5 of the height, below the ops/s line's peak at the top
    axis.setUpperMargin(0.25);
    ops.setDataset(1, dataset);
    ops.setRangeAxis(1, axis);
    ops.mapDatasetToRangeAxis(1, 1);
    ops.setRenderer(1, renderer);
  }

  /** Draws {@code chart}, {@link #PANEL_HEIGHT} per panel, and encodes it as PNG. */
  private static Rendered png(JFreeChart chart, List<String> panels) {
    var info = new ChartRenderingInfo(null);
    int height = FRAME_HEIGHT + PANEL_HEIGHT * panels.size();
    BufferedImage image = chart.createBufferedImage(WIDTH, height, info);
    try {
      return new Rendered(ChartUtils.encodeAsPNG(image), image, chart, info, List.copyOf(panels));
    } catch (IOException e) {
      throw new UncheckedIOException("encode a chart as PNG", e);
    }
  }

  private static void add(CombinedDomainXYPlot plot, List<String> panels, XYPlot sub, String name) {
    sub.setBackgroundPaint(Color.WHITE);
    sub.setDomainGridlinePaint(new Color(220, 220, 220));
    sub.setRangeGridlinePaint(new Color(220, 220, 220));
    plot.add(sub, 1);
    panels.add(name);
  }

  private static XYPlot panel(
      ChartData data,
      List<String> targets,
      String name,
      Function<Sample, Double> value,
      boolean dashed) {
    var dataset = new XYSeriesCollection();
    boolean any = false;
    for (String target : targets) {
      var points = new SeriesPoints();
      for (Sample s : data.samples()) {
        if (s.target().equals(target)) {
          points.add(s.takenAt().toEpochMilli(), value.apply(s));
        }
      }
      any |= points.hasValue();
      dataset.addSeries(series(points, target, data));
    }
    if (!any) {
      return null;
    }
    var renderer = line();
    for (int i = 0; i < targets.size(); i++) {
      renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
      if (dashed) {
        renderer.setSeriesStroke(i, DASHED);
      }
    }
    var axis = new NumberAxis(name);
    axis.setAutoRangeIncludesZero(true);
    return new XYPlot(dataset, null, axis, renderer);
  }

  private static XYPlot latencyPanel(ChartData data, List<String> targets) {
    var dataset = new XYSeriesCollection();
    var renderer = line();
    boolean any = false;
    int i = 0;
    for (String target : targets) {
      var p50 = new SeriesPoints();
      var p99 = new SeriesPoints();
      for (Sample s : data.samples()) {
        if (s.target().equals(target)) {
          p50.add(s.takenAt().toEpochMilli(), s.latencyP50Ms());
          p99.add(s.takenAt().toEpochMilli(), s.latencyP99Ms());
        }
      }
      any |= p50.hasValue();
      Color c = PALETTE[i % PALETTE.length];
      dataset.addSeries(series(p50, target + " p50", data));
      renderer.setSeriesPaint(2 * i, c);
      dataset.addSeries(series(p99, target + " p99", data));
      renderer.setSeriesPaint(2 * i + 1, c);
      renderer.setSeriesStroke(2 * i + 1, DASHED);
      i++;
    }
    if (!any) {
      return null;
    }
    var axis = new NumberAxis(LATENCY);
    axis.setAutoRangeIncludesZero(true);
    return new XYPlot(dataset, null, axis, renderer);
  }

  private static XYPlot queuePanel(ChartData data) {
    var queues = new TreeSet<String>();
    data.samples()
        .forEach(s -> s.queueDepths().keySet().forEach(q -> queues.add(s.target() + " " + q)));
    if (queues.isEmpty()) {
      return null;
    }
    var dataset = new XYSeriesCollection();
    var renderer = line();
    int i = 0;
    for (String key : queues) {
      var points = new SeriesPoints();
      int space = key.indexOf(' ');
      String target = key.substring(0, space);
      String queue = key.substring(space + 1);
      for (Sample s : data.samples()) {
        if (s.target().equals(target)) {
          Long n = s.queueDepths().get(queue);
          points.add(s.takenAt().toEpochMilli(), n == null ? null : n.doubleValue());
        }
      }
      dataset.addSeries(series(points, key, data));
      renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
      i++;
    }
    var axis = new NumberAxis(QUEUES);
    axis.setAutoRangeIncludesZero(true);
    return new XYPlot(dataset, null, axis, renderer);
  }

  /** Two-pixel buckets across the plot: more points than that cannot be seen apart. */
  private static XYSeries series(SeriesPoints points, String key, ChartData data) {
    return points.toSeries(key, data.from().toEpochMilli(), data.to().toEpochMilli(), WIDTH / 2);
  }

  private static XYLineAndShapeRenderer line() {
    var r = new XYLineAndShapeRenderer(true, false);
    r.setDefaultStroke(new BasicStroke(1.2f));
    r.setAutoPopulateSeriesStroke(false);
    return r;
  }

  /** A vertical line per marker on every panel; labels on the top panel, staggered. */
  private static void markers(CombinedDomainXYPlot plot, List<ChartMarker> markers) {
    List<XYPlot> subplots = plot.getSubplots();
    for (int p = 0; p < subplots.size(); p++) {
      int n = 0;
      for (ChartMarker m : markers) {
        var line = new ValueMarker(m.at().toEpochMilli(), color(m.kind()), MARKER_STROKE);
        if (p == 0 && !m.label().isEmpty()) {
          line.setLabel(m.label());
          line.setLabelFont(LABEL_FONT);
          line.setLabelPaint(color(m.kind()));
          line.setLabelBackgroundColor(LABEL_BACKGROUND);
          line.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
          line.setLabelTextAnchor(TextAnchor.TOP_LEFT);
          line.setLabelOffset(new RectangleInsets(4 + 12 * (n % 5), 4, 0, 0));
        }
        subplots.get(p).addDomainMarker(line);
        n++;
      }
    }
  }

  public static Color color(ChartMarker.Kind kind) {
    return switch (kind) {
      case ALERT -> ALERT_COLOR;
      case ACTION -> ACTION_COLOR;
      case STATUS_UPDATE -> UPDATE_COLOR;
    };
  }
}
