import dev.incidentbot.chart.ChartData;
import dev.incidentbot.chart.ChartMarker;
import dev.incidentbot.chart.IncidentChart;
import dev.incidentbot.sample.Sample;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Chart benchmark: renders the chart of a 24-hour incident sampled every 15 s on 5 targets (28,800
 * samples, two targets with queues, 30 markers) and reports render time (p50, p99, max) and memory
 * (bytes allocated per render, the heap's peak use). Run in a JVM capped at -Xmx100m by the run
 * script, so finishing at all shows the render fits in 100 MB. Not a test: figures to compare.
 */
public class ChartBench {
  static final Instant T0 = Instant.parse("2026-05-04T00:00:00Z");

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    List<Sample> samples = samples();
    List<ChartMarker> markers = markers();
    var data =
        new ChartData(
            "INC-24 · 24 h, 5 targets, 15 s samples",
            T0,
            T0.plus(Duration.ofHours(24)),
            samples,
            markers,
            List.of(70.0, 85.0));
    var chart = new IncidentChart();
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    for (int i = 0; i < 3; i++) {
      chart.render(data); // warm-up
    }
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    long[] millis = new long[rounds];
    long[] allocated = new long[rounds];
    long[] encode = new long[rounds];
    int size = 0;
    for (int i = 0; i < rounds; i++) {
      long a0 = threads.getThreadAllocatedBytes(tid);
      long t0 = System.nanoTime();
      IncidentChart.Rendered r = chart.render(data);
      millis[i] = (System.nanoTime() - t0) / 1_000_000;
      allocated[i] = threads.getThreadAllocatedBytes(tid) - a0;
      size = r.png().length;
      long e0 = System.nanoTime();
      org.jfree.chart.ChartUtils.encodeAsPNG(r.image());
      encode[i] = (System.nanoTime() - e0) / 1_000_000;
      if (i == 0) {
        Path out = Path.of(System.getProperty("java.io.tmpdir"), "bench-chart-24h.png");
        Files.write(out, r.png());
        System.out.println("chart: " + out + " (" + r.image().getWidth() + "×" + r.image().getHeight() + ", panels " + r.panels() + ")");
      }
    }
    long peakHeap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        peakHeap += pool.getPeakUsage().getUsed();
      }
    }
    Arrays.sort(millis);
    Arrays.sort(allocated);
    Arrays.sort(encode);
    System.out.printf(
        "samples: %,d (%d targets × %,d), markers: %d, rounds: %d, max heap: %d MB%n",
        samples.size(), 5, samples.size() / 5, markers.size(), rounds,
        Runtime.getRuntime().maxMemory() / (1024 * 1024));
    System.out.printf(
        "render time: p50 %d ms, p99 %d ms, max %d ms (target < 1,000 ms)%n",
        pct(millis, 50), pct(millis, 99), millis[millis.length - 1]);
    System.out.printf("  of which PNG encoding: p50 %d ms%n", pct(encode, 50));
    System.out.printf(
        "allocated per render: p50 %.1f MB; heap peak (sum of pools' peaks, data included): %.1f MB (target < 100 MB)%n",
        pct(allocated, 50) / 1e6, peakHeap / 1e6);
    System.out.printf("PNG: %,d bytes%n", size);
  }

  static long pct(long[] sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
  }

  static List<Sample> samples() {
    var random = new Random(42);
    var out = new ArrayList<Sample>();
    String[] targets = {"cache", "sessions", "queues", "ratelimit", "search"};
    int steps = 24 * 60 * 4;
    for (int i = 0; i < steps; i++) {
      Instant at = T0.plusSeconds(15L * i);
      for (int t = 0; t < targets.length; t++) {
        double phase = (i + t * 500) / (double) steps;
        double mem = 40 + 45 * Math.abs(Math.sin(phase * Math.PI * 3)) + random.nextGaussian();
        boolean queued = t == 2 || t == 0;
        out.add(
            new Sample(
                targets[t],
                at,
                mem,
                (long) (mem * 10_737_418),
                (long) (1500 + 800 * Math.sin(phase * 20) + random.nextInt(100)),
                0.2 + random.nextDouble() * 0.3,
                0.8 + (random.nextInt(100) == 0 ? 20 : random.nextDouble() * 2),
                150L + random.nextInt(20),
                (long) random.nextInt(5),
                mem > 80 ? 20.0 : 0.0,
                0.9,
                t == 1 ? random.nextDouble() : null,
                0L,
                0L,
                0L,
                queued ? Map.of("bull:emails", (long) (1000 * Math.abs(Math.cos(phase * 7))), "rq:default", (long) random.nextInt(50)) : Map.of(),
                null));
      }
    }
    return out;
  }

  static List<ChartMarker> markers() {
    var out = new ArrayList<ChartMarker>();
    for (int i = 0; i < 30; i++) {
      ChartMarker.Kind kind = ChartMarker.Kind.values()[i % 3];
      out.add(new ChartMarker(T0.plus(Duration.ofMinutes(45L * i + 7)), kind, kind.name().toLowerCase() + " " + i));
    }
    return out;
  }
}
