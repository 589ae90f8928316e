package dev.incidentbot.incident;

import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.UserRef;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An incident as stored: immutable; changes go through {@link IncidentStore} and are read back.
 *
 * @param id short id people type, {@code INC-42}
 * @param title one line
 * @param severity P0, P1 or P2
 * @param status the status of the last update
 * @param targets the names of the affected Redis targets
 * @param commander who leads it and is reminded to update stakeholders
 * @param thread its thread in the ops channel, or null until the thread exists
 * @param startedAt when the problem started (the alert's start, or the declaration)
 * @param declaredAt when it was declared
 * @param resolvedAt when it was resolved, or null
 * @param updates its stakeholder updates, oldest first
 */
public record Incident(
    String id,
    String title,
    IncidentSeverity severity,
    IncidentStatus status,
    List<String> targets,
    UserRef commander,
    Place thread,
    Instant startedAt,
    Instant declaredAt,
    Instant resolvedAt,
    List<StatusUpdate> updates) {

  /** The group its scheduled jobs (reminders, watches) belong to. */
  public static String jobGroup(String incidentId) {
    return "incident:" + incidentId;
  }

  public Incident {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(status, "status");
    targets = List.copyOf(targets);
    Objects.requireNonNull(commander, "commander");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(declaredAt, "declaredAt");
    updates = List.copyOf(updates);
  }

  public boolean isOpen() {
    return status != IncidentStatus.RESOLVED;
  }

  public Optional<StatusUpdate> lastUpdate() {
    return updates.isEmpty() ? Optional.empty() : Optional.of(updates.get(updates.size() - 1));
  }

  /** The group its scheduled jobs belong to ({@code incident:INC-42}). */
  public String jobGroup() {
    return jobGroup(id);
  }

  /** "INC-42 · P1 · Identified · Redis OOM on cache". */
  public String headline() {
    return id + " · " + severity + " · " + status.label() + " · " + title;
  }
}
