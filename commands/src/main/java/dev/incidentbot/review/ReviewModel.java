package dev.incidentbot.review;

import dev.incidentbot.format.Durations;
import dev.incidentbot.incident.Incident;
import dev.incidentbot.incident.IncidentStatus;
import dev.incidentbot.incident.StatusUpdate;
import dev.incidentbot.recovery.Confirmation;
import dev.incidentbot.sample.Sample;
import dev.incidentbot.timeline.TimelineEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The facts of a post-incident review, as the {@code review} template's names. Built from what the
 * bot recorded: the incident and its updates, its timeline, the plans confirmed on its targets and
 * the samples around them. Every time is UTC.
 *
 * <p>Names: {@code id}, {@code title}, {@code severity}, {@code commander}, {@code targets}, {@code
 * services}, {@code status}, {@code startedAt}, {@code declaredAt}, {@code resolvedAt}, {@code
 * duration}, {@code summary}, {@code impact} (list: {@code service}, {@code lasted}, {@code
 * notes}), {@code statuses} (list: {@code status}, {@code at}, {@code lasted}), {@code detection}
 * (list: {@code step}, {@code at}, {@code delay}), {@code timeline} (list: {@code at}, {@code
 * kind}, {@code actor}, {@code text}), {@code actions} (list: {@code at}, {@code action}, {@code
 * target}, {@code requestedBy}, {@code confirmedBy}, {@code matched}, {@code effect}, {@code risk},
 * {@code outcome}, {@code evidence}), {@code noActions}, {@code followUps} (list: {@code at},
 * {@code target}, {@code result}, {@code text}), {@code held}, {@code regressed}, {@code
 * noFollowUps}, {@code charts} (list: {@code file}, {@code caption}), {@code noCharts}, {@code
 * generatedAt}.
 */
final class ReviewModel {
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** How long after an action the "after" sample of its evidence is taken. */
  static final Duration AFTER = Duration.ofMinutes(5);

  private ReviewModel() {}

  /**
   * @param services the services of the incident's targets, in order
   * @param actions the plans confirmed and run on its targets during it, oldest first
   * @param chartFiles the chart files beside the review
   */
  static Map<String, Object> of(
      Incident incident,
      List<TimelineEvent> events,
      List<String> services,
      List<Confirmation> actions,
      List<Sample> samples,
      List<String> chartFiles,
      Instant now) {
    Instant end = incident.resolvedAt() != null ? incident.resolvedAt() : now;
    var m = new LinkedHashMap<String, Object>();
    m.put("id", incident.id());
    m.put("title", incident.title());
    m.put("severity", incident.severity().name());
    m.put("commander", incident.commander().name());
    m.put("targets", String.join(", ", incident.targets()));
    m.put("services", services.isEmpty() ? "none configured" : String.join(", ", services));
    m.put("status", incident.status().label());
    m.put("startedAt", TIME.format(incident.startedAt()));
    m.put("declaredAt", TIME.format(incident.declaredAt()));
    m.put(
        "resolvedAt",
        incident.resolvedAt() == null ? "not resolved yet" : TIME.format(incident.resolvedAt()));
    m.put("duration", human(Duration.between(incident.startedAt(), end)));
    m.put("summary", incident.lastUpdate().map(StatusUpdate::summary).orElse(""));
    m.put("impact", impact(incident, services, end));
    m.put("statuses", statuses(incident, end));
    m.put("detection", detection(incident, events));
    m.put("timeline", timeline(events));
    List<Map<String, Object>> actionRows = actions(actions, samples);
    m.put("actions", actionRows);
    m.put("noActions", actionRows.isEmpty());
    List<Map<String, Object>> followUps = followUps(events);
    m.put("followUps", followUps);
    m.put("held", followUps.stream().filter(f -> f.get("result").equals("held")).count());
    m.put("regressed", followUps.stream().filter(f -> f.get("result").equals("regressed")).count());
    m.put("noFollowUps", followUps.isEmpty());
    var charts = new ArrayList<Map<String, Object>>();
    for (String file : chartFiles) {
      charts.add(
          row(
              "file",
              file,
              "caption",
              "Memory, latency, ops/s and queues of "
                  + String.join(", ", incident.targets())
                  + "; alerts red, actions blue, updates grey"));
    }
    m.put("charts", charts);
    m.put("noCharts", charts.isEmpty());
    m.put("generatedAt", TIME.format(now));
    return m;
  }

  /** Each service for as long as the incident lasted, with the updates' notes that name it. */
  private static List<Map<String, Object>> impact(
      Incident incident, List<String> services, Instant end) {
    var rows = new ArrayList<Map<String, Object>>();
    String lasted = human(Duration.between(incident.startedAt(), end));
    for (String service : services) {
      var notes = new ArrayList<String>();
      for (StatusUpdate u : incident.updates()) {
        for (String line : u.userImpact()) {
          if (line.toLowerCase(Locale.ROOT).startsWith(service.toLowerCase(Locale.ROOT))
              && !notes.contains(line)) {
            notes.add(line);
          }
        }
      }
      rows.add(
          row(
              "service",
              service,
              "lasted",
              lasted,
              "notes",
              notes.isEmpty() ? impactLine(incident) : String.join("; ", notes)));
    }
    return rows;
  }

  private static String impactLine(Incident incident) {
    return incident.updates().stream()
        .map(StatusUpdate::impact)
        .filter(s -> !s.isBlank())
        .findFirst()
        .orElse("");
  }

  /** How long the incident spent in each status, from its updates. */
  private static List<Map<String, Object>> statuses(Incident incident, Instant end) {
    var rows = new ArrayList<Map<String, Object>>();
    List<StatusUpdate> updates = incident.updates();
    for (int i = 0; i < updates.size(); i++) {
      StatusUpdate u = updates.get(i);
      if (i > 0 && updates.get(i - 1).status() == u.status()) {
        continue; // a second update in the same status does not start a new stretch
      }
      Instant until = end;
      for (int j = i + 1; j < updates.size(); j++) {
        if (updates.get(j).status() != u.status()) {
          until = updates.get(j).at();
          break;
        }
      }
      rows.add(
          row(
              "status",
              u.status().label(),
              "at",
              CLOCK.format(u.at()),
              "lasted",
              u.status() == IncidentStatus.RESOLVED ? "" : human(Duration.between(u.at(), until))));
    }
    return rows;
  }

  /**
   * When the problem started, then first alert, first triage, declaration and first stakeholder
   * update in the order they happened, each with the delay since the step before; a step the
   * timeline does not hold says so.
   */
  private static List<Map<String, Object>> detection(
      Incident incident, List<TimelineEvent> events) {
    Optional<Instant> triage = first(events, TimelineEvent.Kind.COMMAND, "/redis ");
    Optional<Instant> triaged = first(events, TimelineEvent.Kind.COMMAND, "/triage");
    if (triage.isEmpty() || (triaged.isPresent() && triaged.get().isBefore(triage.get()))) {
      triage = triaged;
    }
    var steps = new ArrayList<Map.Entry<String, Optional<Instant>>>();
    steps.add(Map.entry("First alert", first(events, TimelineEvent.Kind.ALERT, null)));
    steps.add(Map.entry("First triage", triage));
    steps.add(Map.entry("Declared", Optional.of(incident.declaredAt())));
    steps.add(
        Map.entry(
            "First stakeholder update",
            incident.updates().stream().map(StatusUpdate::at).min(Instant::compareTo)));
    var rows = new ArrayList<Map<String, Object>>();
    rows.add(row("step", "Problem started", "at", CLOCK.format(incident.startedAt()), "delay", ""));
    Instant previous = incident.startedAt();
    var recorded =
        steps.stream()
            .filter(s -> s.getValue().isPresent())
            .sorted(
                Comparator.comparing(
                    (Map.Entry<String, Optional<Instant>> s) -> s.getValue().get()))
            .toList();
    for (var step : recorded) {
      Instant at = step.getValue().get();
      Duration d = Duration.between(previous, at);
      rows.add(
          row(
              "step",
              step.getKey(),
              "at",
              CLOCK.format(at),
              "delay",
              d.isNegative() ? "−" + human(d.negated()) : "+" + human(d)));
      previous = at;
    }
    for (var step : steps) {
      if (step.getValue().isEmpty()) {
        rows.add(row("step", step.getKey(), "at", "not recorded", "delay", ""));
      }
    }
    return rows;
  }

  private static Optional<Instant> first(
      List<TimelineEvent> events, TimelineEvent.Kind kind, String prefix) {
    return events.stream()
        .filter(e -> e.kind() == kind)
        .filter(e -> prefix == null || e.text().startsWith(prefix))
        .map(TimelineEvent::at)
        .min(Instant::compareTo);
  }

  private static List<Map<String, Object>> timeline(List<TimelineEvent> events) {
    var rows = new ArrayList<Map<String, Object>>();
    for (TimelineEvent e : events) {
      rows.add(
          row(
              "at",
              CLOCK.format(e.at()),
              "kind",
              e.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                  + (e.verdict() == null ? "" : " (" + e.verdict().label() + ")"),
              "actor",
              e.actor(),
              "text",
              cell(e.text())));
    }
    return rows;
  }

  private static List<Map<String, Object>> actions(
      List<Confirmation> confirmations, List<Sample> samples) {
    var rows = new ArrayList<Map<String, Object>>();
    for (Confirmation c : confirmations) {
      Instant at = c.decidedAt();
      rows.add(
          row(
              "at",
              CLOCK.format(at),
              "action",
              c.plan().summary(),
              "target",
              c.plan().target(),
              "requestedBy",
              c.requesterName(),
              "confirmedBy",
              c.decidedByName() == null ? "" : c.decidedByName(),
              "matched",
              c.plan().matches().isBlank() ? "—" : c.plan().matches(),
              "effect",
              c.plan().effect().isBlank() ? "—" : c.plan().effect(),
              "risk",
              c.plan().risk().name().toLowerCase(Locale.ROOT),
              "outcome",
              c.outcome() == null ? c.state().label() : cell(c.outcome()),
              "evidence",
              evidence(c.plan().target(), at, samples)));
    }
    return rows;
  }

  /**
   * The target's numbers in the last sample before {@code at} (when the action was confirmed) and
   * in the last one at most {@link #AFTER} after it.
   */
  static String evidence(String target, Instant at, List<Sample> samples) {
    Sample before = null;
    Sample after = null;
    for (Sample s : samples) {
      if (!s.target().equals(target) || !s.answered()) {
        continue;
      }
      if (s.takenAt().isBefore(at)) {
        before = s;
      } else if (s.takenAt().isAfter(at) && !s.takenAt().isAfter(at.plus(AFTER))) {
        after = s;
      }
    }
    if (before == null || after == null) {
      return "no samples on both sides of it";
    }
    var parts = new ArrayList<String>();
    if (before.memoryPercent() != null && after.memoryPercent() != null) {
      parts.add(
          String.format(
              Locale.ROOT,
              "memory %.1f %% → %.1f %%",
              before.memoryPercent(),
              after.memoryPercent()));
    }
    if (before.latencyP99Ms() != null && after.latencyP99Ms() != null) {
      parts.add(
          String.format(
              Locale.ROOT, "p99 %.1f → %.1f ms", before.latencyP99Ms(), after.latencyP99Ms()));
    }
    if (before.opsPerSec() != null && after.opsPerSec() != null) {
      parts.add(before.opsPerSec() + " → " + after.opsPerSec() + " ops/s");
    }
    if (before.evictionsPerSec() != null
        && after.evictionsPerSec() != null
        && (before.evictionsPerSec() > 0 || after.evictionsPerSec() > 0)) {
      parts.add(
          String.format(
              Locale.ROOT,
              "evictions %.1f → %.1f /s",
              before.evictionsPerSec(),
              after.evictionsPerSec()));
    }
    if (before.totalQueueDepth() != null && after.totalQueueDepth() != null) {
      parts.add("waiting jobs " + before.totalQueueDepth() + " → " + after.totalQueueDepth());
    }
    String span =
        " (" + CLOCK.format(before.takenAt()) + " → " + CLOCK.format(after.takenAt()) + ")";
    return parts.isEmpty() ? "no comparable numbers" : String.join(" · ", parts) + span;
  }

  private static List<Map<String, Object>> followUps(List<TimelineEvent> events) {
    var rows = new ArrayList<Map<String, Object>>();
    for (TimelineEvent e : events) {
      if (e.kind() != TimelineEvent.Kind.FOLLOW_UP) {
        continue;
      }
      String result = result(e.verdict());
      rows.add(
          row(
              "at",
              CLOCK.format(e.at()),
              "target",
              e.target() == null ? "" : e.target(),
              "result",
              result,
              "text",
              cell(e.text())));
    }
    return rows;
  }

  /**
   * Held (with warnings or not), regressed (a regression, or the problem still there), or changed:
   * an incident watch's post, which has no verdict.
   */
  private static String result(TimelineEvent.Verdict verdict) {
    if (verdict == null) {
      return "changed";
    }
    return verdict.held() ? "held" : "regressed";
  }

  /** Text fit for one Markdown table cell. */
  private static String cell(String text) {
    return text.replace("\r", "").replace("\n", " ").replace("|", "\\|");
  }

  static String human(Duration d) {
    if (d.compareTo(Duration.ofMinutes(1)) < 0) {
      return d.toSeconds() + " s";
    }
    return Durations.format(d.truncatedTo(ChronoUnit.MINUTES));
  }

  private static Map<String, Object> row(Object... keyValues) {
    var m = new LinkedHashMap<String, Object>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }
}
