package dev.incidentbot.incident;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One stakeholder update, as the commander gave it.
 *
 * @param at when it was posted
 * @param author who posted it (display name)
 * @param status the status it announced
 * @param impact one line: what users notice
 * @param summary what is going on, and how it was resolved when it was
 * @param userImpact user-impact notes, one per line; a line starting with a service name
 *     ("Publishing: delays up to 5 min") describes that service
 * @param nextSteps what happens next, in order
 * @param rendered the message exactly as stakeholders received it (subject, blank line, body)
 */
public record StatusUpdate(
    Instant at,
    String author,
    IncidentStatus status,
    String impact,
    String summary,
    List<String> userImpact,
    List<String> nextSteps,
    String rendered) {

  public StatusUpdate {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(status, "status");
    impact = impact == null ? "" : impact;
    summary = summary == null ? "" : summary;
    userImpact = List.copyOf(userImpact);
    nextSteps = List.copyOf(nextSteps);
    rendered = rendered == null ? "" : rendered;
  }

  /** This update with its rendered text. */
  public StatusUpdate withRendered(String text) {
    return new StatusUpdate(at, author, status, impact, summary, userImpact, nextSteps, text);
  }
}
