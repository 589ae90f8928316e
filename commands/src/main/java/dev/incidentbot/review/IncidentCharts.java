package dev.incidentbot.review;

import dev.incidentbot.chart.ChartData;
import dev.incidentbot.chart.ChartMarker;
import dev.incidentbot.chart.IncidentChart;
import dev.incidentbot.chat.Attachment;
import dev.incidentbot.chat.Ellipsis;
import dev.incidentbot.incident.Incident;
import dev.incidentbot.incident.IncidentStore;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.sample.Sample;
import dev.incidentbot.sample.SampleSettings;
import dev.incidentbot.sample.SampleStore;
import dev.incidentbot.timeline.TimelineEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Builds an incident's chart: its targets' samples from a few minutes before it started until it
 * was resolved (plus the after-action sampling window), its alerts, action outcomes and status
 * updates as markers, the targets' memory thresholds as lines. Thread-safe.
 */
public final class IncidentCharts {
  /** Samples shown before the incident started, for the "before" of the picture. */
  static final Duration LEAD = Duration.ofMinutes(5);

  private final IncidentStore incidents;
  private final SampleStore samples;
  private final Targets targets;
  private final SampleSettings settings;
  private final IncidentChart chart = new IncidentChart();
  private final Clock clock;

  public IncidentCharts(
      IncidentStore incidents,
      SampleStore samples,
      Targets targets,
      SampleSettings settings,
      Clock clock) {
    this.incidents = incidents;
    this.samples = samples;
    this.targets = targets;
    this.settings = settings;
    this.clock = clock;
  }

  /** The chart's file name for {@code incident}: {@code INC-7-chart.png}. */
  public static String fileName(Incident incident) {
    return incident.id() + "-chart.png";
  }

  /** What the chart of {@code incident} shows, as of now. */
  public ChartData data(Incident incident) {
    Instant now = clock.instant();
    Instant from = incident.startedAt().minus(LEAD);
    Instant to =
        incident.resolvedAt() == null
            ? now
            : min(now, incident.resolvedAt().plus(settings.afterAction()));
    List<Sample> shown = samples.between(incident.targets(), from, to);
    if (incident.resolvedAt() != null && !shown.isEmpty()) {
      // a resolved incident's axis ends at its last sample, not at an empty tail
      Instant last = shown.get(shown.size() - 1).takenAt().plus(settings.every());
      to = min(to, max(last, incident.resolvedAt()));
    }
    if (!to.isAfter(from)) {
      to = from.plus(Duration.ofMinutes(1));
    }
    return new ChartData(
        incident.id() + " · " + incident.title(),
        from,
        to,
        shown,
        markers(incidents.events(incident.id())),
        thresholds(incident));
  }

  /** The chart of {@code incident} as a PNG attachment. */
  public Attachment render(Incident incident) {
    return render(incident, data(incident));
  }

  Attachment render(Incident incident, ChartData data) {
    byte[] png = chart.render(data).png();
    return new Attachment(fileName(incident), "image/png", png);
  }

  static List<ChartMarker> markers(List<TimelineEvent> events) {
    var out = new ArrayList<ChartMarker>();
    for (TimelineEvent e : events) {
      switch (e.kind()) {
        case ALERT -> out.add(new ChartMarker(e.at(), ChartMarker.Kind.ALERT, label(e.text())));
        case ACTION ->
            out.add(
                new ChartMarker(
                    e.at(),
                    ChartMarker.Kind.ACTION,
                    label(actionName(e.text())) + " · confirmed by " + e.actor()));
        case STATUS_UPDATE ->
            out.add(
                new ChartMarker(
                    e.at(), ChartMarker.Kind.STATUS_UPDATE, label(updateName(e.text()))));
        default -> {
          // commands, confirmations and follow-ups are in the timeline, not on the chart
        }
      }
    }
    return out;
  }

  /** "Stakeholder update #2: Identified — Posts publish late" → "Update #2: Identified". */
  static String updateName(String text) {
    String name = text.startsWith("Stakeholder update") ? "U" + text.substring(13) : text;
    int dash = name.indexOf(" — ");
    return dash > 0 ? name.substring(0, dash) : name;
  }

  /** "/redis purge pattern:cache:* on cache: removed 12 keys" → "/redis purge pattern:cache:*". */
  static String actionName(String text) {
    int on = text.indexOf(" on ");
    return on > 0 ? text.substring(0, on) : text;
  }

  private static String label(String text) {
    String line = text.lines().findFirst().orElse("");
    return Ellipsis.cut(line, 48);
  }

  private List<Double> thresholds(Incident incident) {
    var values = new TreeSet<Double>();
    for (Target t : targets.all()) {
      if (incident.targets().contains(t.name())) {
        values.add(t.thresholds().memoryWarnPercent());
        values.add(t.thresholds().memoryCritPercent());
      }
    }
    if (values.isEmpty()) {
      values.add(dev.incidentbot.redis.Thresholds.DEFAULTS.memoryWarnPercent());
      values.add(dev.incidentbot.redis.Thresholds.DEFAULTS.memoryCritPercent());
    }
    return List.copyOf(values);
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
