package dev.incidentbot.chart;

import java.time.Instant;
import java.util.Objects;

/**
 * A moment marked on a chart by a vertical line across every panel.
 *
 * @param at when
 * @param kind what happened, which sets the line's colour
 * @param label a few words shown at the top of the line ("purge cache:* · dan")
 */
public record ChartMarker(Instant at, Kind kind, String label) {

  /** What a marker marks. */
  public enum Kind {
    ALERT,
    ACTION,
    STATUS_UPDATE
  }

  public ChartMarker {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(kind, "kind");
    label = label == null ? "" : label;
  }
}
