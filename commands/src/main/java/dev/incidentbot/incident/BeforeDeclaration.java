package dev.incidentbot.incident;

import dev.incidentbot.audit.AuditEntry;
import dev.incidentbot.audit.AuditLog;
import dev.incidentbot.timeline.TimelineEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What was done to an incident's targets between the moment it started ({@code started:}, or the
 * alert's start) and its declaration: the timeline records events only once an incident is open, so
 * these come from the audit log, each marked as before the declaration. An entry counts when a
 * target it ran on is one of the incident's ({@link AuditEntry#targets}: a command given no {@code
 * target:} ran on the only target, or on all), so defaulted targets are not missed. Refusals are
 * left out: they changed nothing and asked nothing of the server.
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
      List<String> hit = ranOn(e).stream().filter(incident.targets()::contains).distinct().toList();
      if (e.outcome() == AuditEntry.Outcome.REFUSED || hit.isEmpty()) {
        continue;
      }
      out.add(
          new TimelineEvent(
              e.at(),
              e.detail().contains(", confirmed by ")
                  ? TimelineEvent.Kind.ACTION
                  : TimelineEvent.Kind.COMMAND,
              e.actorName() == null ? e.actorId() : e.actorName(),
              hit.size() == 1 ? hit.get(0) : null,
              null,
              text(e, hit)));
    }
    return out;
  }

  /**
   * The targets the entry ran on: as recorded, or for an entry recorded before targets were, the
   * one its {@code target:} option names.
   */
  private static List<String> ranOn(AuditEntry e) {
    if (!e.targets().isEmpty()) {
      return e.targets();
    }
    return Arrays.stream(e.options().split("\\s+"))
        .filter(o -> o.startsWith("target:"))
        .map(o -> o.substring("target:".length()))
        .toList();
  }

  /**
   * "/redis purge target:cache pattern:x — stopped: … (before the declaration)"; a command that
   * named no target says where it ran: "/redis health on cache, sessions (before the declaration)".
   */
  private static String text(AuditEntry e, List<String> hit) {
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
        + (named(e) ? "" : " on " + String.join(", ", hit))
        + outcome
        + (e.detail().isBlank() ? "" : ": " + e.detail())
        + MARK;
  }

  private static boolean named(AuditEntry e) {
    return Arrays.stream(e.options().split("\\s+"))
        .anyMatch(o -> o.startsWith("target:") || o.startsWith("targets:"));
  }
}
