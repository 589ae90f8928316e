package dev.incidentbot.incident;

import dev.incidentbot.chat.UserFacingException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Where an incident stands, as stakeholders read it. */
public enum IncidentStatus {
  INVESTIGATING("Investigating"),
  IDENTIFIED("Identified"),
  MONITORING("Monitoring"),
  RESOLVED("Resolved");

  private final String label;

  IncidentStatus(String label) {
    this.label = label;
  }

  /** As written in status updates: "Investigating". */
  public String label() {
    return label;
  }

  public static List<String> labels() {
    return Arrays.stream(values()).map(IncidentStatus::label).toList();
  }

  /** Reads a label in any case, or says which exist. */
  public static IncidentStatus parse(String text) {
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UserFacingException(
          "status '" + text + "' is not one of " + String.join(", ", labels()) + ".");
    }
  }
}
