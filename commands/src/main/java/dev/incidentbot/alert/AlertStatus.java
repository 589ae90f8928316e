package dev.incidentbot.alert;

import java.util.Locale;

/** Whether an alert, or a whole notification, is firing or resolved. */
public enum AlertStatus {
  FIRING,
  RESOLVED;

  /** Reads Alertmanager's and Grafana's spelling ("firing", "RESOLVED"). */
  public static AlertStatus parse(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "firing" -> FIRING;
      case "resolved" -> RESOLVED;
      default -> throw new IllegalArgumentException("'" + text + "' is not firing or resolved");
    };
  }
}
