package dev.incidentbot.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.sample.Sample;
import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Incident chart: pixels where the data says")
class IncidentChartTest {
  static final Instant T0 = Instant.parse("2026-05-04T08:00:00Z");
  static final Instant ALERT = T0.plus(Duration.ofMinutes(5));
  static final Instant ACTION = T0.plus(Duration.ofMinutes(20));
  static final Instant UPDATE = T0.plus(Duration.ofMinutes(30));

  /** Memory climbing to 90 % then falling to 40 % after the action; no queues. */
  static List<Sample> samples(boolean queues) {
    var out = new ArrayList<Sample>();
    for (int i = 0; i <= 240; i++) { // 60 min at 15 s
      Instant at = T0.plusSeconds(15L * i);
      double mem = at.isBefore(ACTION) ? 50 + 40.0 * i / 80 : 40;
      out.add(
          new Sample(
              "cache",
              at,
              Math.min(mem, 90),
              (long) (mem * 1_000_000),
              1000L + i,
              0.2,
              at.isBefore(ACTION) ? 12.0 : 0.5,
              20L,
              0L,
              0.0,
              0.9,
              null,
              0L,
              0L,
              0L,
              queues ? Map.of("rq:default", (long) (240 - i)) : Map.of(),
              null));
    }
    return out;
  }

  static ChartData data(boolean queues) {
    return new ChartData(
        "INC-7 · Cache full",
        T0,
        T0.plus(Duration.ofHours(1)),
        samples(queues),
        List.of(
            new ChartMarker(ALERT, ChartMarker.Kind.ALERT, "RedisMemoryHigh"),
            new ChartMarker(ACTION, ChartMarker.Kind.ACTION, "purge cache:* · dan"),
            new ChartMarker(UPDATE, ChartMarker.Kind.STATUS_UPDATE, "Monitoring")),
        List.of(70.0, 85.0));
  }

  @Test
  @DisplayName(
      "size from the panels present, not blank, the PNG decodes to the same image; no queue panel"
          + " without queue data, one with it")
  void sizeAndPanels() throws Exception {
    var rendered = new IncidentChart().render(data(false));
    assertThat(rendered.panels())
        .containsExactly(IncidentChart.MEMORY, IncidentChart.LATENCY, IncidentChart.OPS);
    BufferedImage png = ImageIO.read(new ByteArrayInputStream(rendered.png()));
    assertThat(png.getWidth()).isEqualTo(IncidentChart.WIDTH);
    assertThat(png.getHeight())
        .isEqualTo(IncidentChart.FRAME_HEIGHT + 3 * IncidentChart.PANEL_HEIGHT);
    var colours = new HashSet<Integer>();
    for (int x = 0; x < png.getWidth(); x += 3) {
      for (int y = 0; y < png.getHeight(); y += 3) {
        colours.add(png.getRGB(x, y));
      }
    }
    assertThat(colours).as("not blank").hasSizeGreaterThan(20);
    assertThat(count(png, IncidentChart.PALETTE[0]))
        .as("the target's line is drawn")
        .isGreaterThan(200);

    var withQueues = new IncidentChart().render(data(true));
    assertThat(withQueues.panels()).endsWith(IncidentChart.QUEUES);
    assertThat(withQueues.image().getHeight())
        .isEqualTo(IncidentChart.FRAME_HEIGHT + 4 * IncidentChart.PANEL_HEIGHT);
  }

  @Test
  @DisplayName(
      "each marker is a vertical line at its time's x, on every panel, in its kind's colour")
  void markersAtTheirTime() throws Exception {
    var rendered = new IncidentChart().render(data(true));
    BufferedImage png = ImageIO.read(new ByteArrayInputStream(rendered.png()));
    for (var m :
        List.of(
            Map.entry(ALERT, IncidentChart.ALERT_COLOR),
            Map.entry(ACTION, IncidentChart.ACTION_COLOR),
            Map.entry(UPDATE, IncidentChart.UPDATE_COLOR))) {
      int x = (int) Math.round(rendered.x(m.getKey()));
      for (String panel : rendered.panels()) {
        Rectangle2D area = rendered.dataArea(panel);
        int rows = 0;
        int hits = 0;
        for (int y = (int) area.getMinY() + 20; y < area.getMaxY() - 2; y += 4) {
          rows++;
          if (near(png, x, y, m.getValue(), 1, 0)) {
            hits++;
          }
        }
        assertThat(hits)
            .as("%s marker at x=%d in %s", m.getKey(), x, panel)
            .isGreaterThan(rows * 3 / 4);
        // and not 15 px to either side
        int far = 0; // below the labels at the top of the first panel
        for (int y = (int) area.getMinY() + 80; y < area.getMaxY() - 2; y += 4) {
          if (near(png, x - 15, y, m.getValue(), 1, 0)
              || near(png, x + 15, y, m.getValue(), 1, 0)) {
            far++;
          }
        }
        assertThat(far).as("no %s line 15 px off its time in %s", m.getKey(), panel).isZero();
      }
    }
  }

  @Test
  @DisplayName(
      "the 70 % and 85 % thresholds are horizontal lines at their value's y in the memory panel")
  void thresholdsAtTheirValue() throws Exception {
    var rendered = new IncidentChart().render(data(false));
    BufferedImage png = ImageIO.read(new ByteArrayInputStream(rendered.png()));
    Rectangle2D area = rendered.dataArea(IncidentChart.MEMORY);
    for (var t :
        List.of(
            Map.entry(70.0, IncidentChart.WARN_COLOR), Map.entry(85.0, IncidentChart.CRIT_COLOR))) {
      int y = (int) Math.round(rendered.y(IncidentChart.MEMORY, t.getKey()));
      int columns = 0;
      int hits = 0;
      for (int x = (int) area.getMinX() + 60; x < area.getMaxX() - 2; x += 7) {
        columns++;
        if (near(png, x, y, t.getValue(), 0, 1)) {
          hits++;
        }
      }
      assertThat(hits).as("%s %% line at y=%d", t.getKey(), y).isGreaterThan(columns * 3 / 4);
      int off = 0;
      for (int x = (int) area.getMinX() + 60; x < area.getMaxX() - 2; x += 7) {
        if (near(png, x, y - 10, t.getValue(), 0, 1)) {
          off++;
        }
      }
      assertThat(off).as("no %s %% line 10 px above it", t.getKey()).isLessThan(3);
    }
    assertThat(rendered.y(IncidentChart.MEMORY, 85))
        .isLessThan(rendered.y(IncidentChart.MEMORY, 70));
  }

  @Test
  @DisplayName("a target that never answered leaves no panel but its markers still show")
  void nothingMeasured() {
    var data =
        new ChartData(
            "INC-8",
            T0,
            T0.plus(Duration.ofMinutes(10)),
            List.of(Sample.unanswered("cache", T0.plusSeconds(30), "timed out")),
            List.of(new ChartMarker(T0.plusSeconds(60), ChartMarker.Kind.ALERT, "down")),
            List.of(70.0, 85.0));
    var rendered = new IncidentChart().render(data);
    assertThat(rendered.panels()).containsExactly("no samples");
    assertThat(count(rendered.image(), IncidentChart.ALERT_COLOR)).isGreaterThan(50);
  }

  /**
   * {@link #samples} with 6 clients blocked from the alert on and 50 evictions/s until the action.
   */
  static List<Sample> evictingAndBlocked() {
    var out = new ArrayList<Sample>();
    for (Sample s : samples(false)) {
      boolean alerted = !s.takenAt().isBefore(ALERT);
      boolean evicting = alerted && s.takenAt().isBefore(ACTION);
      out.add(
          new Sample(
              s.target(),
              s.takenAt(),
              s.memoryPercent(),
              s.usedMemory(),
              s.opsPerSec(),
              s.latencyP50Ms(),
              s.latencyP99Ms(),
              s.connectedClients(),
              alerted ? 6L : 0L,
              evicting ? 50.0 : 0.0,
              s.hitRatio(),
              s.replicationLagSeconds(),
              s.evictedKeys(),
              s.keyspaceHits(),
              s.keyspaceMisses(),
              s.queueDepths(),
              s.problem()));
    }
    return out;
  }

  @Test
  @DisplayName(
      "evictions/s get a panel only when something was evicted, the line at 50/s while it was;"
          + " blocked clients are a dotted line at 6 on the ops/s panel's right-hand axis")
  void evictionsAndBlockedClients() throws Exception {
    var quiet = new IncidentChart().render(data(false));
    assertThat(quiet.panels()).doesNotContain(IncidentChart.EVICTIONS);
    XYPlot quietOps = subplot(quiet, IncidentChart.OPS);
    assertThat(quietOps.getRangeAxisCount()).isEqualTo(1);

    var base = data(false);
    var rendered =
        new IncidentChart()
            .render(
                new ChartData(
                    base.title(),
                    base.from(),
                    base.to(),
                    evictingAndBlocked(),
                    base.markers(),
                    base.memoryThresholds()));
    assertThat(rendered.panels())
        .containsExactly(
            IncidentChart.MEMORY,
            IncidentChart.LATENCY,
            IncidentChart.OPS,
            IncidentChart.EVICTIONS);
    BufferedImage png = ImageIO.read(new ByteArrayInputStream(rendered.png()));
    Color cache = IncidentChart.PALETTE[0];

    // evictions: at 50/s between the alert and the action, not after it (0 is on the axis line)
    int at50 = (int) Math.round(rendered.y(IncidentChart.EVICTIONS, 50));
    int at25 = (int) Math.round(rendered.y(IncidentChart.EVICTIONS, 25));
    assertThat(
            hitsAlong(png, rendered, ALERT.plusSeconds(120), ACTION.minusSeconds(120), at50, cache))
        .isGreaterThan(0.75);
    assertThat(hitsAlong(png, rendered, UPDATE, T0.plus(Duration.ofMinutes(58)), at50, cache))
        .isZero();
    assertThat(
            hitsAlong(png, rendered, ALERT.plusSeconds(120), ACTION.minusSeconds(120), at25, cache))
        .isZero();

    // blocked clients: dotted at 6 on the right-hand axis after the alert, not before it
    XYPlot ops = subplot(rendered, IncidentChart.OPS);
    assertThat(ops.getRangeAxis(1).getLabel()).isEqualTo(IncidentChart.BLOCKED);
    int at6 =
        (int)
            Math.round(
                ops.getRangeAxis(1)
                    .valueToJava2D(
                        6, rendered.dataArea(IncidentChart.OPS), ops.getRangeAxisEdge(1)));
    // (until 40 min: later the ops/s line, in the same colour, climbs near that height)
    assertThat(
            hitsAlong(
                png, rendered, ALERT.plusSeconds(120), T0.plus(Duration.ofMinutes(40)), at6, cache))
        .as("dotted: drawn, with gaps")
        .isBetween(0.2, 0.9);
    assertThat(hitsAlong(png, rendered, T0.plusSeconds(30), ALERT.minusSeconds(60), at6, cache))
        .isZero();
  }

  private static XYPlot subplot(IncidentChart.Rendered rendered, String panel) {
    var plot = (CombinedDomainXYPlot) rendered.chart().getPlot();
    return plot.getSubplots().get(rendered.panels().indexOf(panel));
  }

  /**
   * The share of pixel columns from {@code from} to {@code to} with {@code c} at row {@code y} or
   * next to it, give or take antialiasing (each channel within 24).
   */
  private static double hitsAlong(
      BufferedImage png,
      IncidentChart.Rendered rendered,
      Instant from,
      Instant to,
      int y,
      Color c) {
    int x0 = (int) Math.ceil(rendered.x(from));
    int x1 = (int) Math.floor(rendered.x(to));
    int hits = 0;
    for (int x = x0; x <= x1; x++) {
      for (int dy = -1; dy <= 1; dy++) {
        int rgb = png.getRGB(x, y + dy);
        if (Math.abs(((rgb >> 16) & 0xFF) - c.getRed()) <= 24
            && Math.abs(((rgb >> 8) & 0xFF) - c.getGreen()) <= 24
            && Math.abs((rgb & 0xFF) - c.getBlue()) <= 24) {
          hits++;
          break;
        }
      }
    }
    return (double) hits / (x1 - x0 + 1);
  }

  private static boolean near(BufferedImage img, int x, int y, Color c, int dx, int dy) {
    for (int i = -dx; i <= dx; i++) {
      for (int j = -dy; j <= dy; j++) {
        int px = x + i;
        int py = y + j;
        if (px >= 0
            && py >= 0
            && px < img.getWidth()
            && py < img.getHeight()
            && (img.getRGB(px, py) & 0xFFFFFF) == (c.getRGB() & 0xFFFFFF)) {
          return true;
        }
      }
    }
    return false;
  }

  private static int count(BufferedImage img, Color c) {
    int n = 0;
    for (int x = 0; x < img.getWidth(); x++) {
      for (int y = 0; y < img.getHeight(); y++) {
        if ((img.getRGB(x, y) & 0xFFFFFF) == (c.getRGB() & 0xFFFFFF)) {
          n++;
        }
      }
    }
    return n;
  }
}
