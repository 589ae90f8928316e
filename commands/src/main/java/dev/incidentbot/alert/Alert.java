package dev.incidentbot.alert;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One alert inside a notification.
 *
 * @param status firing or resolved
 * @param labels its labels (alertname, instance, severity…), sorted by name
 * @param annotations its annotations (summary, description…), sorted by name
 * @param startsAt when it started firing, or null when the format does not say
 * @param fingerprint Alertmanager's fingerprint, or null when the format does not carry one
 */
public record Alert(
    AlertStatus status,
    Map<String, String> labels,
    Map<String, String> annotations,
    Instant startsAt,
    String fingerprint) {

  public Alert {
    Objects.requireNonNull(status, "status");
    labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    annotations = java.util.Collections.unmodifiableMap(new TreeMap<>(annotations));
  }

  /** The {@code alertname} label, or "alert" when there is none. */
  public String name() {
    return labels.getOrDefault("alertname", "alert");
  }

  public String label(String name) {
    return labels.get(name);
  }

  /** The summary annotation, else the description, else the alert name. */
  public String summary() {
    String summary = annotations.get("summary");
    if (summary != null && !summary.isBlank()) {
      return summary;
    }
    String description = annotations.get("description");
    return description != null && !description.isBlank() ? description : name();
  }

  /** What identifies this alert within its group: the fingerprint, else its labels. */
  public String identity() {
    return fingerprint != null && !fingerprint.isBlank() ? fingerprint : labels.toString();
  }
}
