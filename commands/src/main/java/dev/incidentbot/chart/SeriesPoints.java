package dev.incidentbot.chart;

import java.util.ArrayList;
import java.util.List;
import org.jfree.data.xy.XYSeries;

/**
 * The points of one line, thinned for drawing: when there are more than two per bucket of the time
 * axis (a bucket is two pixels wide), each bucket keeps only its lowest and highest value, in time
 * order, so a day of 15 s samples draws about as fast as an hour and a one-sample spike still
 * shows. A bucket with no value at all leaves a gap in the line.
 */
final class SeriesPoints {
  private final List<long[]> times = new ArrayList<>();
  private final List<Double> values = new ArrayList<>();

  void add(long x, Double y) {
    times.add(new long[] {x});
    values.add(y);
  }

  boolean hasValue() {
    return values.stream().anyMatch(v -> v != null);
  }

  /** The series to draw over {@code from}–{@code to} (epoch ms) in {@code buckets} buckets. */
  XYSeries toSeries(Comparable<?> key, long from, long to, int buckets) {
    var series = new XYSeries(key, false, true);
    int n = values.size();
    if (n <= 2 * buckets || to <= from) {
      for (int i = 0; i < n; i++) {
        series.add(times.get(i)[0], values.get(i), false);
      }
      return series;
    }
    int current = -1;
    int lo = -1;
    int hi = -1;
    int firstInBucket = -1;
    for (int i = 0; i <= n; i++) {
      int bucket =
          i == n
              ? Integer.MAX_VALUE
              : (int)
                  Math.max(
                      0, Math.min(buckets - 1, (times.get(i)[0] - from) * buckets / (to - from)));
      if (bucket != current) {
        if (current >= 0) {
          flush(series, lo, hi, firstInBucket);
        }
        if (i == n) {
          break;
        }
        current = bucket;
        lo = -1;
        hi = -1;
        firstInBucket = i;
      }
      Double v = values.get(i);
      if (v != null) {
        if (lo < 0 || v < values.get(lo)) {
          lo = i;
        }
        if (hi < 0 || v > values.get(hi)) {
          hi = i;
        }
      }
    }
    return series;
  }

  private void flush(XYSeries series, int lo, int hi, int firstInBucket) {
    if (lo < 0) {
      series.add(times.get(firstInBucket)[0], null, false); // nothing measured: a gap
      return;
    }
    int a = Math.min(lo, hi);
    int b = Math.max(lo, hi);
    series.add(times.get(a)[0], values.get(a), false);
    if (b != a) {
      series.add(times.get(b)[0], values.get(b), false);
    }
  }
}
