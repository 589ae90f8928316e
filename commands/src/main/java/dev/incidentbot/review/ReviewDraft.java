package dev.incidentbot.review;

import dev.incidentbot.chart.ChartData;
import dev.incidentbot.chat.Attachment;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.UserRef;
import dev.incidentbot.incident.Incident;
import dev.incidentbot.incident.IncidentSeverity;
import dev.incidentbot.incident.IncidentStatus;
import dev.incidentbot.incident.IncidentStore;
import dev.incidentbot.incident.StatusUpdate;
import dev.incidentbot.recovery.Confirmation;
import dev.incidentbot.recovery.ConfirmationStore;
import dev.incidentbot.recovery.Plan;
import dev.incidentbot.recovery.Risk;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.sample.Sample;
import dev.incidentbot.template.Template;
import dev.incidentbot.template.Templates;
import dev.incidentbot.timeline.TimelineEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Drafts an incident's post-incident review from the {@value #TEMPLATE} template (built in, or the
 * operators' override): the facts the bot recorded ({@link ReviewModel}) and the chart, as a
 * Markdown file that links the chart PNG beside it.
 *
 * <p>Immutable and thread-safe; built at start-up, where a broken template stops the bot.
 */
public final class ReviewDraft {
  /** The template's name: {@code templates/review.mustache}. */
  public static final String TEMPLATE = "review";

  /** How many recent confirmations are searched for the incident's actions. */
  static final int CONFIRMATIONS_SEARCHED = 500;

  private final Template template;
  private final IncidentStore incidents;
  private final ConfirmationStore confirmations;
  private final Targets targets;
  private final IncidentCharts charts;
  private final Clock clock;

  /**
   * A drafted review: the Markdown and the files to send with it (the Markdown, then the chart).
   */
  public record Draft(String markdown, List<Attachment> files) {
    public Draft {
      files = List.copyOf(files);
    }
  }

  /**
   * Loads and checks the template.
   *
   * @throws dev.incidentbot.template.TemplateException naming the file and line when unusable
   */
  public ReviewDraft(
      Templates templates,
      IncidentStore incidents,
      ConfirmationStore confirmations,
      Targets targets,
      IncidentCharts charts,
      Clock clock) {
    this.template = templates.load(TEMPLATE, sample());
    this.incidents = incidents;
    this.confirmations = confirmations;
    this.targets = targets;
    this.charts = charts;
    this.clock = clock;
  }

  /** The review of {@code incident} as of now. */
  public Draft draft(Incident incident) {
    Instant now = clock.instant();
    ChartData data = charts.data(incident);
    var files = new ArrayList<Attachment>();
    List<String> chartFiles = new ArrayList<>();
    Attachment chart = null;
    if (data.hasData() || !data.markers().isEmpty()) {
      chart = charts.render(incident, data);
      chartFiles.add(chart.fileName());
    }
    List<TimelineEvent> events = incidents.events(incident.id());
    Map<String, Object> model =
        ReviewModel.of(
            incident,
            events,
            services(incident),
            actions(incident, data.to()),
            data.samples(),
            chartFiles,
            now);
    String markdown = template.render(model);
    files.add(
        new Attachment(
            incident.id() + "-review.md",
            "text/markdown",
            markdown.getBytes(StandardCharsets.UTF_8)));
    if (chart != null) {
      files.add(chart);
    }
    return new Draft(markdown, files);
  }

  private List<String> services(Incident incident) {
    var out = new LinkedHashSet<String>();
    for (String name : incident.targets()) {
      targets.all().stream()
          .filter(t -> t.name().equals(name))
          .map(Target::services)
          .forEach(out::addAll);
    }
    return List.copyOf(out);
  }

  /** Plans confirmed on the incident's targets between its start and {@code until}. */
  private List<Confirmation> actions(Incident incident, Instant until) {
    Instant from = incident.startedAt().minus(IncidentCharts.LEAD);
    return confirmations.recent(CONFIRMATIONS_SEARCHED).stream()
        .filter(c -> c.decidedAt() != null && c.decidedByName() != null)
        .filter(
            c -> c.state() == Confirmation.State.DONE || c.state() == Confirmation.State.CONFIRMED)
        .filter(c -> incident.targets().contains(c.plan().target()))
        .filter(c -> !c.decidedAt().isBefore(from) && !c.decidedAt().isAfter(until))
        .sorted(Comparator.comparing(Confirmation::decidedAt))
        .toList();
  }

  /** A model with every name and a row in every list, to check the template at start-up. */
  static Map<String, Object> sample() {
    Instant t0 = Instant.parse("2026-01-01T10:00:00Z");
    var samples =
        List.of(
            Sample.unanswered("cache", t0.plusSeconds(590), "timed out"),
            Sample.unanswered("cache", t0.plusSeconds(700), "timed out"));
    return ReviewModel.of(
        sampleIncident(t0),
        sampleEvents(t0),
        List.of("Publishing"),
        List.of(sampleConfirmation(t0)),
        samples,
        List.of("INC-1-chart.png"),
        t0.plusSeconds(4000));
  }

  /** The sample's incident: resolved after an hour, with two status updates. */
  private static Incident sampleIncident(Instant t0) {
    return new Incident(
        "INC-1",
        "Redis out of memory",
        IncidentSeverity.P1,
        IncidentStatus.RESOLVED,
        List.of("cache"),
        new UserRef("alice", "alice"),
        Place.channel("ops"),
        t0,
        t0.plusSeconds(120),
        t0.plusSeconds(3600),
        List.of(
            new StatusUpdate(
                t0.plusSeconds(180),
                "alice",
                IncidentStatus.INVESTIGATING,
                "Publishing is slow",
                "Memory is full",
                List.of("Publishing: posts late"),
                List.of("Purge caches"),
                ""),
            new StatusUpdate(
                t0.plusSeconds(3600),
                "alice",
                IncidentStatus.RESOLVED,
                "",
                "Caches purged",
                List.of(),
                List.of(),
                "")));
  }

  /** The sample's timeline: an alert, a command and a follow-up. */
  private static List<TimelineEvent> sampleEvents(Instant t0) {
    return List.of(
        new TimelineEvent(t0, TimelineEvent.Kind.ALERT, "alertmanager", "cache", null, "fired"),
        new TimelineEvent(
            t0.plusSeconds(60),
            TimelineEvent.Kind.COMMAND,
            "alice",
            "cache",
            null,
            "/redis health target:cache → critical"),
        new TimelineEvent(
            t0.plusSeconds(900),
            TimelineEvent.Kind.FOLLOW_UP,
            "follow-up",
            "cache",
            null,
            "Follow-up +5 min of cache: holding ✔",
            TimelineEvent.Verdict.HELD));
  }

  /** The sample's one confirmed and done action. */
  private static Confirmation sampleConfirmation(Instant t0) {
    var plan =
        new Plan(
            "redis purge",
            "cache",
            Map.of("pattern", "cache:*"),
            "master",
            "none",
            "",
            List.of("SCAN + UNLINK cache:*"),
            "≈ 120 keys",
            List.of("cache:1"),
            "frees ≈ 1 MiB",
            Risk.MEDIUM,
            "",
            "operator",
            true);
    return new Confirmation(
        "c1",
        plan,
        "bob",
        "bob",
        Place.channel("ops"),
        t0.plusSeconds(500),
        t0.plusSeconds(800),
        Confirmation.State.DONE,
        "dan",
        t0.plusSeconds(600),
        true,
        "removed 120 keys");
  }
}
