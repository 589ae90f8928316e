package dev.incidentbot.incident;

import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.UserRef;
import dev.incidentbot.format.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The data the {@code status-update} reply template is filled with, from live data: the incident,
 * the update being posted, the one before it, the targets' services and the current time. These
 * names are the template's contract; operators' overrides may use any of them:
 *
 * <pre>
 * system, id, title, severity, colour, response, commander, status, impact, startTime, updatedAt,
 * duration, affectedServices, summary, userImpact (list of lines), nextSteps (list of
 * {number, text}), resolved, nextUpdateBy, changed, previousAt, changes (list of lines)
 * </pre>
 */
final class StatusUpdateModel {
  private StatusUpdateModel() {}

  /**
   * @param incident the incident as it was before {@code update} (its last update is the previous
   *     one)
   * @param services the services of its targets, in order, without duplicates
   */
  static Map<String, Object> of(
      Incident incident,
      StatusUpdate update,
      List<String> services,
      String system,
      Instant now,
      Instant nextUpdateBy) {
    boolean resolved = update.status() == IncidentStatus.RESOLVED;
    Duration lasted = Duration.between(incident.startedAt(), resolved ? update.at() : now);
    String duration = human(lasted);
    var model = new LinkedHashMap<String, Object>();
    model.put("system", system);
    model.put("id", incident.id());
    model.put("title", incident.title());
    model.put("severity", incident.severity().name());
    model.put(
        "colour",
        StatusUpdateRenderer.colour(incident.severity(), update.status())
            .name()
            .toLowerCase(Locale.ROOT));
    model.put("response", incident.severity().response());
    model.put("commander", incident.commander().name());
    model.put("status", update.status().label());
    model.put("impact", orDash(update.impact()));
    model.put("startTime", iso(incident.startedAt()));
    model.put("updatedAt", iso(update.at()));
    model.put("duration", duration);
    model.put("affectedServices", String.join(", ", services));
    model.put("summary", orDash(paragraphs(update.summary())));
    model.put("userImpact", userImpact(services, update.userImpact(), resolved, duration));
    var steps = new ArrayList<Map<String, Object>>();
    for (String step : update.nextSteps()) {
      steps.add(Map.of("number", steps.size() + 1, "text", step));
    }
    model.put("nextSteps", steps);
    model.put("resolved", resolved);
    model.put("nextUpdateBy", resolved || nextUpdateBy == null ? "" : iso(nextUpdateBy));
    Optional<StatusUpdate> previous = incident.lastUpdate();
    List<String> changes = previous.map(p -> UpdateChanges.between(p, update)).orElse(List.of());
    model.put("changed", previous.isPresent());
    model.put("previousAt", previous.map(p -> iso(p.at())).orElse(""));
    model.put("changes", previous.isPresent() && changes.isEmpty() ? List.of("none") : changes);
    return model;
  }

  /** A model with every name and realistic values, to check templates at start-up. */
  static Map<String, Object> sample() {
    Instant start = Instant.parse("2026-01-01T10:00:00Z");
    var incident =
        new Incident(
            "INC-1",
            "Redis out of memory",
            IncidentSeverity.P1,
            IncidentStatus.INVESTIGATING,
            List.of("cache"),
            new UserRef("alice", "alice"),
            Place.channel("ops"),
            start,
            start,
            null,
            List.of(
                new StatusUpdate(
                    start,
                    "alice",
                    IncidentStatus.INVESTIGATING,
                    "Publishing is slow",
                    "Investigating",
                    List.of(),
                    List.of("Check memory"),
                    "")));
    var update =
        new StatusUpdate(
            start.plusSeconds(900),
            "alice",
            IncidentStatus.IDENTIFIED,
            "Publishing is delayed",
            "Memory is full",
            List.of("Publishing: delayed"),
            List.of("Raise maxmemory", "Purge caches"),
            "");
    Instant at = start.plusSeconds(900);
    return of(incident, update, List.of("Publishing"), "System", at, at.plusSeconds(1800));
  }

  /**
   * One line per affected service with its duration, taking the commander's note for the service
   * when a line starts with its name; the commander's other lines follow as written.
   */
  static List<String> userImpact(
      List<String> services, List<String> notes, boolean resolved, String duration) {
    var remaining = new ArrayList<>(notes);
    var lines = new ArrayList<String>();
    String when = resolved ? "resolved after " + duration : duration + " so far";
    for (String service : services) {
      String note = "affected";
      for (String line : remaining) {
        Optional<String> rest = afterName(line, service);
        if (rest.isPresent()) {
          note = rest.get();
          remaining.remove(line);
          break;
        }
      }
      lines.add(service + ": " + note + " (" + when + ")");
    }
    lines.addAll(remaining);
    return lines;
  }

  private static Optional<String> afterName(String line, String service) {
    String l = line.strip();
    if (l.length() <= service.length()
        || !l.toLowerCase(Locale.ROOT).startsWith(service.toLowerCase(Locale.ROOT))) {
      return Optional.empty();
    }
    String rest = l.substring(service.length()).strip();
    if (rest.startsWith(":") || rest.startsWith("-") || rest.startsWith("–")) {
      rest = rest.substring(1).strip();
      return rest.isEmpty() ? Optional.empty() : Optional.of(rest);
    }
    return Optional.empty();
  }

  /** ISO-8601 in UTC to the second: {@code 2026-01-01T10:00:00Z}. */
  static String iso(Instant at) {
    return at.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** A duration as stakeholders read it, to the minute: "under 1 min", "42 min", "1 h 5 min". */
  static String human(Duration d) {
    return d.compareTo(Duration.ofMinutes(1)) < 0
        ? "under 1 min"
        : Durations.format(d.truncatedTo(ChronoUnit.MINUTES));
  }

  /** Keeps a summary's paragraphs together: in the plain text a blank line would end its block. */
  private static String paragraphs(String text) {
    return text.strip().replaceAll("\\n\\s*\\n+", "\n");
  }

  private static String orDash(String text) {
    return text.isBlank() ? "—" : text;
  }
}
