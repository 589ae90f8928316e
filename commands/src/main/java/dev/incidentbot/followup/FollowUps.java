package dev.incidentbot.followup;

import dev.incidentbot.chat.Place;
import dev.incidentbot.format.Durations;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.health.HealthReport;
import dev.incidentbot.schedule.Job;
import dev.incidentbot.schedule.JobIds;
import dev.incidentbot.schedule.JobState;
import dev.incidentbot.schedule.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schedules the bot's follow-ups through the {@link Scheduler} port: checks after a recovery
 * action, checks people ask for with /followup schedule, and the watch of an open incident. Results
 * are posted where the follow-ups were scheduled from.
 *
 * <p>Groups: {@code action:<id>} for an action's checks, {@code followup:<id>} for a /followup
 * schedule, {@code incident:<id>} for an incident's watch (its reminders may share the group, so
 * {@link #stopIncident} cancels both). Thread-safe.
 *
 * <p>A baseline holds the queue depths measured beside its health check (from {@code queues}), as
 * every check does, so that a comparison shows how each queue moved.
 */
public final class FollowUps {
  private static final Logger log = LoggerFactory.getLogger(FollowUps.class);

  private final Scheduler scheduler;
  private final JobState state;
  private final FollowUpSettings settings;
  private final QueueDepths queues;
  private final Clock clock;

  public FollowUps(
      Scheduler scheduler,
      JobState state,
      FollowUpSettings settings,
      QueueDepths queues,
      Clock clock) {
    this.scheduler = scheduler;
    this.state = state;
    this.settings = settings;
    this.queues = queues;
    this.clock = clock;
  }

  /**
   * The baseline of an action's checks: {@code report} (the target's health, measured just before
   * the action) with the queue depths measured now, so call it before the action too. Never throws
   * for a target that does not answer: its depths are then unknown.
   */
  public Snapshot baseline(Target target, HealthReport report) {
    return Snapshot.of(report, target, queues, clock.instant(), "before");
  }

  public static String actionGroup(String actionId) {
    return "action:" + actionId;
  }

  public static String incidentGroup(String incidentId) {
    return "incident:" + incidentId;
  }

  /**
   * Schedules "followup-check" jobs at the configured offsets (default +1, +5, +15, +30 min) after
   * an action on {@code target}, in group {@code action:<actionId>}. Each posts at {@code place}
   * (the action's thread) a comparison with {@code before} and with the previous check.
   *
   * @param subject what was done, one line ("purge cache:* by alice")
   * @param before the {@link #baseline} taken just before the action ran, or null when not measured
   *     now (the one kept by {@link #rememberBaseline}, if any, is then used)
   * @return the ids of the scheduled checks
   */
  public List<String> afterAction(
      Target target, Place place, String actionId, String subject, Snapshot before) {
    String group = actionGroup(actionId);
    Instant now = clock.instant();
    if (before != null) {
      state.put(group, FollowUpCheck.BASELINE, before.withLabel("before").encode());
    }
    var ids = new ArrayList<String>();
    for (Duration offset : settings.afterAction()) {
      Job job =
          Job.once(
              FollowUpCheck.TYPE,
              group,
              checkParams(target, place, now, subject),
              now.plus(offset),
              "follow-up of " + target.name() + " after " + subject + " (+" + text(offset) + ")");
      ids.add(scheduler.schedule(job));
    }
    return ids;
  }

  /**
   * Keeps {@code before} as the baseline of the action's checks while it runs, so that checks
   * scheduled for it later — after a crash, by {@link #afterAction} with no baseline of its own —
   * still compare with the target's health before it.
   */
  public void rememberBaseline(String actionId, Snapshot before) {
    state.put(actionGroup(actionId), FollowUpCheck.BASELINE, before.withLabel("before").encode());
  }

  /** One check of {@code target} after {@code in}, compared with {@code baseline}. */
  public String once(
      Target target, Place place, Duration in, String subject, HealthReport baseline) {
    Instant now = clock.instant();
    String group = "followup:" + JobIds.random();
    saveBaseline(group, target, baseline);
    return scheduler.schedule(
        Job.once(
            FollowUpCheck.TYPE,
            group,
            checkParams(target, place, now, subject),
            now.plus(in),
            "check of " + target.name() + " in " + text(in) + ", " + subject));
  }

  /** Checks of {@code target} every {@code every} for {@code window}, the first after one step. */
  public String every(
      Target target,
      Place place,
      Duration every,
      Duration window,
      String subject,
      HealthReport baseline) {
    Instant now = clock.instant();
    String group = "followup:" + JobIds.random();
    saveBaseline(group, target, baseline);
    return scheduler.schedule(
        Job.repeating(
            FollowUpCheck.TYPE,
            group,
            checkParams(target, place, now, subject),
            now.plus(every),
            every,
            now.plus(window),
            "check of "
                + target.name()
                + " every "
                + text(every)
                + " for "
                + text(window)
                + ", "
                + subject));
  }

  /**
   * Watches an open incident's targets every configured interval (default 5 min), posting at {@code
   * place} (the incident's thread) when something changes. Group {@code incident:<id>}.
   */
  public String watchIncident(String incidentId, List<String> targetNames, Place place) {
    Map<String, String> params = new HashMap<>(Job.placeParams(place));
    params.put(IncidentWatch.PARAM_INCIDENT, incidentId);
    params.put(IncidentWatch.PARAM_TARGETS, String.join(",", targetNames));
    Duration every = settings.incidentWatch();
    return scheduler.schedule(
        Job.repeating(
            IncidentWatch.TYPE,
            incidentGroup(incidentId),
            params,
            clock.instant().plus(every),
            every,
            null,
            "watch of " + String.join(", ", targetNames) + " while " + incidentId + " is open"));
  }

  /** Cancels an incident's watch and every other job in its group (reminders); returns how many. */
  public int stopIncident(String incidentId) {
    return scheduler.cancelGroup(incidentGroup(incidentId));
  }

  private void saveBaseline(String group, Target target, HealthReport before) {
    if (before != null) {
      state.put(group, FollowUpCheck.BASELINE, baseline(target, before).encode());
    }
  }

  /** The queue depths beside {@code report}: none when the target did not answer it. */
  private static Map<String, String> checkParams(
      Target target, Place place, Instant since, String subject) {
    Map<String, String> params = new HashMap<>(Job.placeParams(place));
    params.put(Job.PARAM_TARGET, target.name());
    params.put(FollowUpCheck.PARAM_SINCE, Long.toString(since.toEpochMilli()));
    params.put(FollowUpCheck.PARAM_SUBJECT, subject);
    return params;
  }

  private static String text(Duration d) {
    return Durations.format(d);
  }
}
