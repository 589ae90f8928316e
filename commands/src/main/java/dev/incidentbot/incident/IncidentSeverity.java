package dev.incidentbot.incident;

import dev.incidentbot.chat.UserFacingException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The runbook's severities and the response each one needs. */
public enum IncidentSeverity {
  /** Redis completely unavailable, job processing stopped. */
  P0("Immediate"),
  /** Redis degraded, slow job processing. */
  P1("15 minutes"),
  /** Partial cache inconsistency. */
  P2("30 minutes");

  private final String response;

  IncidentSeverity(String response) {
    this.response = response;
  }

  /** The runbook's response time. */
  public String response() {
    return response;
  }

  public static List<String> names() {
    return Arrays.stream(values()).map(Enum::name).toList();
  }

  /** Reads {@code P0}, {@code p1}, …, or says which values exist. */
  public static IncidentSeverity parse(String text) {
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UserFacingException(
          "severity '" + text + "' is not one of " + String.join(", ", names()) + ".");
    }
  }
}
