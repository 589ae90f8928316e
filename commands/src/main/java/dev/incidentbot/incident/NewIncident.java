package dev.incidentbot.incident;

import dev.incidentbot.chat.UserRef;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** What a declaration stores; the store gives it an id and the status Investigating. */
public record NewIncident(
    String title,
    IncidentSeverity severity,
    List<String> targets,
    UserRef commander,
    Instant startedAt,
    Instant declaredAt) {
  public NewIncident {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(severity, "severity");
    targets = List.copyOf(targets);
    Objects.requireNonNull(commander, "commander");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(declaredAt, "declaredAt");
  }
}
