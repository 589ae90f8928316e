package dev.incidentbot.incident;

import dev.incidentbot.chat.UserRef;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a declaration stores; the store gives it an id and the status Investigating.
 *
 * @param exclusive whether the store refuses it while another exclusive incident with the same
 *     title and targets is open ({@link IncidentAlreadyOpen}), atomically: what a person declares,
 *     unless they asked for a duplicate
 */
public record NewIncident(
    String title,
    IncidentSeverity severity,
    List<String> targets,
    UserRef commander,
    Instant startedAt,
    Instant declaredAt,
    boolean exclusive) {
  public NewIncident {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(severity, "severity");
    targets = List.copyOf(targets);
    Objects.requireNonNull(commander, "commander");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(declaredAt, "declaredAt");
  }

  /** An incident that may be open beside others with its title and targets (an alert's). */
  public NewIncident(
      String title,
      IncidentSeverity severity,
      List<String> targets,
      UserRef commander,
      Instant startedAt,
      Instant declaredAt) {
    this(title, severity, targets, commander, startedAt, declaredAt, false);
  }
}
