package dev.incidentbot.chart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SeriesPoints: thinned for drawing, spikes and gaps kept")
class SeriesPointsTest {

  @Test
  @DisplayName("few points are drawn as they are")
  void fewPointsUnchanged() {
    var p = new SeriesPoints();
    for (int i = 0; i < 10; i++) {
      p.add(i * 1000L, (double) i);
    }
    assertThat(p.toSeries("s", 0, 10_000, 100).getItemCount()).isEqualTo(10);
  }

  @Test
  @DisplayName(
      "10,000 points in 100 buckets: at most two each, a one-point spike survives, a silent stretch"
          + " stays a gap")
  void thinned() {
    var p = new SeriesPoints();
    for (int i = 0; i < 10_000; i++) {
      Double v = Double.valueOf(1.0 + (i % 2) * 0.1);
      if (i == 4_321) {
        v = 99.0;
      } else if (i >= 7_000 && i < 7_500) {
        v = null;
      }
      p.add(i, v);
    }
    var s = p.toSeries("s", 0, 10_000, 100);
    assertThat(s.getItemCount()).isLessThanOrEqualTo(200).isGreaterThan(100);
    double max = 0;
    int gaps = 0;
    for (int i = 0; i < s.getItemCount(); i++) {
      Number y = s.getY(i);
      if (y == null) {
        gaps++;
        assertThat(s.getX(i).longValue()).isBetween(7_000L, 7_499L);
      } else {
        max = Math.max(max, y.doubleValue());
      }
    }
    assertThat(max).isEqualTo(99.0);
    assertThat(gaps).isEqualTo(5);
    for (int i = 1; i < s.getItemCount(); i++) {
      assertThat(s.getX(i).longValue()).isGreaterThan(s.getX(i - 1).longValue());
    }
  }
}
