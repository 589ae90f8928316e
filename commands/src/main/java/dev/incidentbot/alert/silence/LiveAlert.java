package dev.incidentbot.alert.silence;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An alert as an Alertmanager holds it now ({@code GET /api/v2/alerts}).
 *
 * @param fingerprint Alertmanager's fingerprint
 * @param labels its labels, sorted
 * @param state "active", "suppressed" or "unprocessed"
 * @param silencedBy ids of the silences that suppress it now
 */
public record LiveAlert(
    String fingerprint, Map<String, String> labels, String state, List<String> silencedBy) {

  public LiveAlert {
    Objects.requireNonNull(fingerprint, "fingerprint");
    labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    state = state == null ? "" : state;
    silencedBy = List.copyOf(silencedBy);
  }

  /** The {@code alertname} label, or "alert". */
  public String name() {
    return labels.getOrDefault("alertname", "alert");
  }
}
