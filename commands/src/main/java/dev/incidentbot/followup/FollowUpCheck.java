package dev.incidentbot.followup;

import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.followup.Comparison.Verdict;
import dev.incidentbot.redis.RedisProblem;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.redis.health.Finding.Level;
import dev.incidentbot.redis.health.HealthCheck;
import dev.incidentbot.redis.health.HealthReport;
import dev.incidentbot.redis.health.Scenario;
import dev.incidentbot.schedule.JobHandler;
import dev.incidentbot.schedule.JobRun;
import dev.incidentbot.schedule.JobState;
import dev.incidentbot.template.Templates;
import dev.incidentbot.timeline.Timeline;
import dev.incidentbot.timeline.TimelineEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@value #TYPE} jobs: checks the target and posts, where the job was scheduled from, a
 * compact comparison of the pre-action baseline, the previous check and now. A regression is marked
 * in the title and pings the on-call role.
 *
 * <p>State between runs (baseline, previous check) lives in {@link JobState} under the job's group,
 * so every check of one action or one /followup schedule shares it. Called on a scheduler thread;
 * blocks up to the target's timeout.
 */
public final class FollowUpCheck implements JobHandler {
  public static final String TYPE = "followup-check";

  /** Job parameter: when the action (or the request) happened, epoch milliseconds. */
  public static final String PARAM_SINCE = "since";

  /** Job parameter: what is being followed up, one line ("purge cache:* by alice"). */
  public static final String PARAM_SUBJECT = "subject";

  /** The actor of the timeline events the checks record. */
  public static final String ACTOR = "follow-up";

  static final String BASELINE = "baseline";
  static final String PREVIOUS = "previous";

  private static final Logger log = LoggerFactory.getLogger(FollowUpCheck.class);

  private final Targets targets;
  private final HealthCheck health;
  private final QueueDepths queues;
  private final JobState state;
  private final Outbox outbox;
  private final Timeline timeline;
  private final Clock clock;
  private final FollowUpCharts charts;
  private final FollowUpReplies replies;

  /** Checks that post no chart, with results in the built-in template. */
  public FollowUpCheck(
      Targets targets,
      HealthCheck health,
      QueueDepths queues,
      JobState state,
      Outbox outbox,
      Timeline timeline,
      Clock clock) {
    this(
        targets,
        health,
        queues,
        state,
        outbox,
        timeline,
        clock,
        FollowUpCharts.NONE,
        new FollowUpReplies(new Templates(null)));
  }

  /**
   * @param charts the chart attached to a check that found a regression or the problem still there
   * @param replies renders the result (the {@code followup-result} template)
   */
  public FollowUpCheck(
      Targets targets,
      HealthCheck health,
      QueueDepths queues,
      JobState state,
      Outbox outbox,
      Timeline timeline,
      Clock clock,
      FollowUpCharts charts,
      FollowUpReplies replies) {
    this.charts = charts;
    this.replies = replies;
    this.targets = targets;
    this.health = health;
    this.queues = queues;
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
    Place place = run.place();
    Optional<Target> target = JobTargets.find(targets, run, outbox);
    if (target.isEmpty()) {
      return;
    }
    Target t = target.get();
    HealthReport report = health.check(t);
    Instant since = Instant.ofEpochMilli(Long.parseLong(run.param(PARAM_SINCE)));
    String label = Snapshot.offsetLabel(since, run.scheduledFor());
    Snapshot now = Snapshot.of(report, t, queues, clock.instant(), label);
    String key = run.job().group();
    Optional<Snapshot> baseline = state.get(key, BASELINE).map(Snapshot::decode);
    Optional<Snapshot> previous = state.get(key, PREVIOUS).map(Snapshot::decode);
    Comparison comparison = Comparison.of(t.thresholds(), baseline, previous, now);
    state.put(key, PREVIOUS, now.withNewEvictions(comparison.newEvictions()).encode());

    Verdict verdict = comparison.verdict(now);
    Reply reply =
        withChart(replies.render(result(t, run, now, comparison, report)), verdict, t, place);
    outbox.post(place, reply, run.postKey("result"));
    timeline.record(
        new TimelineEvent(
            clock.instant(),
            TimelineEvent.Kind.FOLLOW_UP,
            ACTOR,
            t.name(),
            place,
            reply.title(),
            recorded(verdict)));
    log.info("follow-up {} of {} ({}): {}", label, t.name(), run.jobId(), verdict);
  }

  /** The verdict as the timeline records it, whatever the template made of the title. */
  static TimelineEvent.Verdict recorded(Verdict verdict) {
    return switch (verdict) {
      case HOLDING -> TimelineEvent.Verdict.HELD;
      case WARNINGS -> TimelineEvent.Verdict.HELD_WITH_WARNINGS;
      case NOT_FIXED -> TimelineEvent.Verdict.NOT_FIXED;
      case REGRESSION -> TimelineEvent.Verdict.REGRESSED;
    };
  }

  /** {@code reply} with the incident's chart when the fix did not hold; never fails the check. */
  private Reply withChart(Reply reply, Verdict verdict, Target t, Place place) {
    if (verdict != Verdict.REGRESSION && verdict != Verdict.NOT_FIXED) {
      return reply;
    }
    try {
      return charts
          .chart(t.name(), place)
          .map(c -> reply.toBuilder().attach(c).build())
          .orElse(reply);
    } catch (RuntimeException e) {
      log.warn("target {}: no chart for a follow-up that did not hold", t.name(), e);
      return reply;
    }
  }

  /** What the check found, for the template. */
  static FollowUpResult result(
      Target t, JobRun run, Snapshot now, Comparison comparison, HealthReport report) {
    Verdict verdict = comparison.verdict(now);
    Severity severity =
        switch (verdict) {
          case REGRESSION -> regressionSeverity(now, comparison);
          case NOT_FIXED -> Severity.CRITICAL;
          case WARNINGS -> Severity.WARN;
          case HOLDING -> Severity.OK;
        };
    String subject = run.param(PARAM_SUBJECT);
    return new FollowUpResult(
        now.label(),
        t.name(),
        verdict,
        severity,
        now.scenario().label(),
        comparison.regressions(),
        subject == null ? "" : subject,
        run.lateNote().orElse(""),
        report.problem().map(RedisProblem::message).orElse(""),
        comparison.rows());
  }

  /**
   * A regression's severity is its worst finding's: critical when a regression or the check itself
   * is critical (or the target is in a failure scenario), a warning otherwise.
   */
  static Severity regressionSeverity(Snapshot now, Comparison comparison) {
    Level worst = comparison.regressionLevel();
    for (Level l : now.levels().values()) {
      worst = l.compareTo(worst) > 0 ? l : worst;
    }
    if (now.scenario() != Scenario.HEALTHY || worst == Level.CRIT) {
      return Severity.CRITICAL;
    }
    return Severity.WARN;
  }
}
