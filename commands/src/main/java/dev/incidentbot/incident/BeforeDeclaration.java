package dev.incidentbot.incident;

import dev.incidentbot.audit.AuditEntry;
import dev.incidentbot.audit.AuditLog;
import dev.incidentbot.timeline.TimelineEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What was done to an incident's targets between the moment it started ({@code started:}, or the
 * alert's start) and its declaration: the timeline records events only once an incident is open, so
 * these come from the audit log, each marked as before the declaration. Refusals are left out: they
 * changed nothing and asked nothing of the server.
 */
final class BeforeDeclaration {
  /** How each such event's text ends. */
  static final String MARK = " (before the declaration)";

  private BeforeDeclaration() {}

  /**
   * The audit entries on the incident's targets from its start to its declaration, oldest first.
   */
  static List<TimelineEvent> events(Incident incident, AuditLog audit) {
    if (audit == null || !incident.startedAt().isBefore(incident.declaredAt())) {
      return List.of();
    }
    var out = new ArrayList<TimelineEvent>();
    for (AuditEntry e : audit.between(incident.startedAt(), incident.declaredAt())) {
      if (e.outcome() == AuditEntry.Outcome.REFUSED) {
        continue;
      }
      target(e, incident.targets())
          .ifPresent(
              t ->
                  out.add(
                      new TimelineEvent(
                          e.at(),
                          e.detail().contains(", confirmed by ")
                              ? TimelineEvent.Kind.ACTION
                              : TimelineEvent.Kind.COMMAND,
                          e.actorName() == null ? e.actorId() : e.actorName(),
                          t,
                          null,
                          text(e))));
    }
    return out;
  }

  /** The incident's target the entry names in its {@code target:} option, if any. */
  private static Optional<String> target(AuditEntry e, List<String> targets) {
    return Arrays.stream(e.options().split("\\s+"))
        .filter(o -> o.startsWith("target:"))
        .map(o -> o.substring("target:".length()))
        .filter(targets::contains)
        .findFirst();
  }

  private static String text(AuditEntry e) {
    String outcome =
        switch (e.outcome()) {
          case OK, REFUSED -> "";
          case FAILED -> " — failed";
          case STOPPED -> " — stopped";
          case ERROR -> " — error";
          case INTERRUPTED -> " — interrupted";
        };
    return "/"
        + e.command()
        + (e.options().isBlank() ? "" : " " + e.options())
        + outcome
        + (e.detail().isBlank() ? "" : ": " + e.detail())
        + MARK;
  }
}
