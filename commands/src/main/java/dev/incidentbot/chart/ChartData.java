package dev.incidentbot.chart;

import dev.incidentbot.sample.Sample;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one incident chart shows.
 *
 * @param title the chart's title ("INC-7 · Cache full")
 * @param from the start of the time axis
 * @param to the end of the time axis
 * @param samples the samples to plot, any order, any number of targets
 * @param markers alerts, actions and status updates in the time range
 * @param memoryThresholds memory percentages drawn as horizontal lines (the runbook's 70 and 85)
 */
public record ChartData(
    String title,
    Instant from,
    Instant to,
    List<Sample> samples,
    List<ChartMarker> markers,
    List<Double> memoryThresholds) {

  public ChartData {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException(
          "the chart ends (" + to + ") before it starts (" + from + ")");
    }
    samples = List.copyOf(samples);
    markers = List.copyOf(markers);
    memoryThresholds = List.copyOf(memoryThresholds);
  }

  /** Whether any sample has a number to plot. */
  public boolean hasData() {
    return samples.stream().anyMatch(Sample::answered);
  }
}
