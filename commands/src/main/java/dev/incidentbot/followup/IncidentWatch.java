package dev.incidentbot.followup;

import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.redis.health.Finding;
import dev.incidentbot.redis.health.HealthCheck;
import dev.incidentbot.redis.health.HealthReplies;
import dev.incidentbot.redis.health.HealthReport;
import dev.incidentbot.redis.health.Scenario;
import dev.incidentbot.schedule.JobHandler;
import dev.incidentbot.schedule.JobRun;
import dev.incidentbot.schedule.JobState;
import dev.incidentbot.timeline.Timeline;
import dev.incidentbot.timeline.TimelineEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@value #TYPE} jobs: every few minutes while an incident is open, checks its targets and
 * posts in the incident's thread, but only when something changed since the last post: a target's
 * scenario, or which checks are over their thresholds. Exact numbers moving within a level are not
 * a change, so a steady incident stays quiet.
 *
 * <p>What was last posted lives in {@link JobState} under the job's id. Called on a scheduler
 * thread; blocks up to the longest target timeout.
 */
public final class IncidentWatch implements JobHandler {
  public static final String TYPE = "incident-watch";

  /** Job parameter: the incident's id. */
  public static final String PARAM_INCIDENT = "incident";

  /** Job parameter: the incident's target names, comma-separated. */
  public static final String PARAM_TARGETS = "targets";

  static final String LAST_POSTED = "last-posted";

  private static final Logger log = LoggerFactory.getLogger(IncidentWatch.class);

  private final Targets targets;
  private final HealthCheck health;
  private final JobState state;
  private final Outbox outbox;
  private final Timeline timeline;
  private final Clock clock;

  public IncidentWatch(
      Targets targets,
      HealthCheck health,
      JobState state,
      Outbox outbox,
      Timeline timeline,
      Clock clock) {
    this.targets = targets;
    this.health = health;
    this.state = state;
    this.outbox = outbox;
    this.timeline = timeline;
    this.clock = clock;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public void run(JobRun run) {
    String incident = run.param(PARAM_INCIDENT);
    List<Target> watched = new ArrayList<>();
    for (String name : run.param(PARAM_TARGETS).split(",")) {
      targets.all().stream().filter(t -> t.name().equals(name.strip())).forEach(watched::add);
    }
    if (watched.isEmpty()) {
      log.warn("incident watch {} of {}: none of its targets is configured", run.jobId(), incident);
      return;
    }
    List<HealthReport> reports = health.checkAll(watched);
    Map<String, String> now = states(reports);
    Optional<Map<String, String>> last =
        state.get(run.jobId(), LAST_POSTED).map(IncidentWatch::parse);
    if (last.isPresent() && last.get().equals(now)) {
      log.debug("incident watch {} of {}: no change on {}", run.jobId(), incident, now.keySet());
      return;
    }
    List<String> changes = last.map(before -> changes(before, now)).orElse(List.of());
    Reply summary = HealthReplies.summary(reports);
    Reply posted =
        Reply.builder(incident + " watch: " + summary.title())
            .severity(summary.severity())
            .text(
                (changes.isEmpty()
                        ? "Watching "
                            + String.join(", ", now.keySet())
                            + " while "
                            + incident
                            + " is open; posting again when something changes."
                        : "Changed since the last post:\n" + String.join("\n", changes))
                    + run.lateNote().map(n -> "\n⏱ " + n + ".").orElse("")
                    + "\n\n"
                    + summary.text())
            .build();
    Place place = run.place();
    outbox.post(place, posted, run.postKey("change"));
    state.put(run.jobId(), LAST_POSTED, format(now));
    String targetName = watched.size() == 1 ? watched.get(0).name() : null;
    timeline.record(
        new TimelineEvent(
            clock.instant(),
            TimelineEvent.Kind.FOLLOW_UP,
            "incident watch",
            targetName,
            place,
            posted.title()));
    log.info(
        "incident watch {} of {} posted for {}: {}",
        run.jobId(),
        incident,
        now.keySet(),
        changes.isEmpty() ? "first post" : changes);
  }

  /** Per target: its scenario and the checks over their thresholds, e.g. "B|memory=CRIT". */
  static Map<String, String> states(List<HealthReport> reports) {
    var out = new LinkedHashMap<String, String>();
    for (HealthReport r : reports) {
      String levels =
          r.findings().stream()
              .filter(f -> f.level() != Finding.Level.OK)
              .map(f -> f.check() + "=" + f.level())
              .sorted()
              .distinct()
              .collect(Collectors.joining(","));
      out.put(r.target().name(), r.scenario().name() + "|" + levels);
    }
    return out;
  }

  static List<String> changes(Map<String, String> before, Map<String, String> now) {
    var out = new ArrayList<String>();
    for (var e : now.entrySet()) {
      String was = before.get(e.getKey());
      if (was == null) {
        out.add(e.getKey() + ": now watched");
        continue;
      }
      if (was.equals(e.getValue())) {
        continue;
      }
      String[] a = was.split("\\|", -1);
      String[] b = e.getValue().split("\\|", -1);
      if (!a[0].equals(b[0])) {
        out.add(e.getKey() + ": " + label(a[0]) + " → " + label(b[0]));
      }
      Map<String, String> la = levels(a[1]);
      Map<String, String> lb = levels(b[1]);
      var checks = new TreeSet<String>();
      checks.addAll(la.keySet());
      checks.addAll(lb.keySet());
      for (String check : checks) {
        String from = la.getOrDefault(check, "OK");
        String to = lb.getOrDefault(check, "OK");
        if (!from.equals(to)) {
          out.add(e.getKey() + ": " + check + " " + from + " → " + to);
        }
      }
    }
    return out;
  }

  private static String label(String scenario) {
    return Scenario.valueOf(scenario).label();
  }

  private static Map<String, String> levels(String csv) {
    var out = new LinkedHashMap<String, String>();
    if (!csv.isEmpty()) {
      Arrays.stream(csv.split(",")).map(p -> p.split("=", 2)).forEach(p -> out.put(p[0], p[1]));
    }
    return out;
  }

  static String format(Map<String, String> states) {
    return states.entrySet().stream()
        .map(e -> e.getKey() + "\t" + e.getValue())
        .collect(Collectors.joining("\n"));
  }

  static Map<String, String> parse(String text) {
    var out = new LinkedHashMap<String, String>();
    for (String line : text.split("\n")) {
      int tab = line.indexOf('\t');
      if (tab > 0) {
        out.put(line.substring(0, tab), line.substring(tab + 1));
      }
    }
    return out;
  }
}
