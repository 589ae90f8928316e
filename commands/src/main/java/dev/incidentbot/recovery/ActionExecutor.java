package dev.incidentbot.recovery;

import dev.incidentbot.audit.AuditEntry;
import dev.incidentbot.audit.AuditLog;
import dev.incidentbot.chat.Actor;
import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.NotRecordedException;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.followup.FollowUps;
import dev.incidentbot.followup.Snapshot;
import dev.incidentbot.incident.Timeline;
import dev.incidentbot.incident.TimelineEvent;
import dev.incidentbot.redis.HealthCheck;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs confirmed plans: takes the target's lock, consumes the confirmation (at most once across
 * presses and bot instances), runs the action with progress and a Stop button, then records the
 * outcome in the store, the audit log and the incident timeline, and schedules follow-up checks
 * compared with the target's health and queue depths measured just before the action — whenever the
 * action changed something, including when it did not finish cleanly.
 *
 * <p>The target's lock is a lease, renewed every few seconds while the action runs (it asks for
 * Stop between batches whether or not it got anywhere). When a renewal finds the lock gone — the
 * lease lapsed and someone else took it — the run stops as if Stop had been pressed and the outcome
 * says the lock was lost.
 *
 * <p>Thread-safe; {@link #run} blocks the calling worker thread while the action runs.
 */
public final class ActionExecutor {
  /** How long a lock outlives a crashed instance; a running action renews it as it goes. */
  public static final Duration LOCK_LEASE = Duration.ofMinutes(2);

  /** The longest time between two renewals of a running action's lock. */
  static final Duration RENEW_AT_MOST_EVERY = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(ActionExecutor.class);
  private static final long STOP_POLL_NANOS = 250_000_000L;
  private static final long UPDATE_NANOS = 1_000_000_000L;
  private static final int SUBJECT_HEADLINE = 120;

  private final Map<String, RecoveryAction> actions = new HashMap<>();
  private final ConfirmationStore store;
  private final TargetLocks locks;
  private final AuditLog audit;
  private final Timeline timeline;
  private final FollowUps followUps;
  private final HealthCheck health;
  private final Targets targets;
  private final Clock clock;
  private final Duration lease;
  private final long renewNanos;

  public ActionExecutor(
      List<RecoveryAction> all,
      ConfirmationStore store,
      TargetLocks locks,
      AuditLog audit,
      Timeline timeline,
      FollowUps followUps,
      HealthCheck health,
      Targets targets,
      Clock clock) {
    this(all, store, locks, audit, timeline, followUps, health, targets, clock, LOCK_LEASE);
  }

  /**
   * @param lease how long the target's lock outlives a run that stopped renewing it ({@link
   *     #LOCK_LEASE} in the bot); renewed every third of it, and at least every {@link
   *     #RENEW_AT_MOST_EVERY}
   */
  public ActionExecutor(
      List<RecoveryAction> all,
      ConfirmationStore store,
      TargetLocks locks,
      AuditLog audit,
      Timeline timeline,
      FollowUps followUps,
      HealthCheck health,
      Targets targets,
      Clock clock,
      Duration lease) {
    for (RecoveryAction a : all) {
      if (actions.putIfAbsent(a.spec().name(), a) != null) {
        throw new IllegalStateException("two recovery actions are named " + a.spec().name());
      }
    }
    this.store = store;
    this.locks = locks;
    this.audit = audit;
    this.timeline = timeline;
    this.followUps = followUps;
    this.health = health;
    this.targets = targets;
    this.clock = clock;
    this.lease = lease;
    Duration third = lease.dividedBy(3);
    this.renewNanos =
        (third.compareTo(RENEW_AT_MOST_EVERY) < 0 ? third : RENEW_AT_MOST_EVERY).toNanos();
  }

  /**
   * Runs {@code c}, already checked for role and second person, on behalf of {@code confirmer}.
   *
   * @throws UserFacingException when the plan cannot run now (locked, no longer pending)
   */
  public Reply run(Confirmation c, Actor confirmer, Progress chatProgress) {
    Plan plan = c.plan();
    RecoveryAction action = actions.get(plan.action());
    if (action == null) {
      throw new UserFacingException(
          "This bot cannot run /" + plan.action() + " any more; plan it again.");
    }
    String lockKey = action.lockKey(plan);
    if (!locks.acquire(lockKey, c.id(), lease)) {
      String holder = locks.holder(lockKey).orElse("");
      if (holder.equals(c.id())) {
        throw new UserFacingException(
            "This plan is already running; it runs once. Its result will be posted here.");
      }
      String running =
          store.find(holder).map(other -> other.plan().summary()).orElse("another action");
      throw new UserFacingException(
          "Another action is running on "
              + plan.target()
              + " ("
              + running
              + "); only one changing action runs per target. This plan stays pending until "
              + PlanReplies.time(c.expiresAt())
              + "; confirm again when that one has finished.");
    }
    try {
      if (!store.consume(c.id(), confirmer)) {
        throw new UserFacingException(PlanReplies.whyNot(store.find(c.id()).orElse(c)));
      }
      log.info(
          "target {}: {} confirmed {} ({}), requested by {}",
          plan.target(),
          confirmer.name(),
          plan.summary(),
          c.id(),
          c.requesterName());
      record(c, TimelineEvent.Kind.CONFIRMATION, confirmer, "confirmed " + plan.summary());
      Optional<Target> target =
          targets.all().stream().filter(t -> t.name().equals(plan.target())).findFirst();
      Snapshot before = target.map(this::baseline).orElse(null);
      var progress = new ExecutionProgress(c, chatProgress, lockKey);
      Outcome outcome = execute(action, c, progress);
      if (progress.leaseLost) {
        outcome = lockLost(plan, outcome);
      }
      var notRecorded = new ArrayList<String>();
      try {
        store.finish(c.id(), outcome);
      } catch (NotRecordedException e) {
        // the action ran: say its result anyway, and that the bot's records lack it
        log.error("target {}: could not record the end of {}", plan.target(), c.id(), e);
        notRecorded.add(e.getMessage());
      }
      log.info(
          "target {}: {} {}: {}",
          plan.target(),
          plan.summary(),
          outcome.succeeded() ? "succeeded" : "failed",
          outcome.headline());
      audit(c, confirmer, outcome, notRecorded);
      record(
          c,
          TimelineEvent.Kind.ACTION,
          confirmer,
          plan.summary() + (outcome.succeeded() ? ": " : " failed: ") + outcome.headline());
      String checks =
          outcome.changed() && target.isPresent()
              ? requestFollowUps(c, confirmer, target.get(), before, outcome)
              : "";
      Reply reply = PlanReplies.outcome(c, confirmer.name(), outcome, checks);
      if (notRecorded.isEmpty()) {
        return reply;
      }
      var withWarning = reply.toBuilder();
      notRecorded.forEach(
          line -> withWarning.line("Warning: the action ran, but this is not recorded. " + line));
      return withWarning.build();
    } finally {
      try {
        locks.release(lockKey, c.id());
      } catch (RuntimeException e) {
        // must not hide the outcome: the lease lapses on its own
        log.error("target {}: could not release the lock of {}", plan.target(), c.id(), e);
      }
    }
  }

  /** The target's health and queue depths now, or null when they could not be measured. */
  private Snapshot baseline(Target target) {
    try {
      return followUps.baseline(target, health.check(target));
    } catch (RuntimeException e) {
      log.warn("target {}: could not measure the baseline for follow-ups", target.name(), e);
      return null;
    }
  }

  /**
   * Runs the action. A {@link UserFacingException} means it changed nothing (the contract of {@link
   * RecoveryAction#execute}); any other exception leaves what it changed unknown.
   */
  private Outcome execute(RecoveryAction action, Confirmation c, ExecutionProgress progress) {
    try {
      return action.execute(c.plan(), progress);
    } catch (UserFacingException e) {
      return Outcome.nothingChanged(e.getMessage(), List.of());
    } catch (RuntimeException e) {
      String errorId = UUID.randomUUID().toString().substring(0, 8);
      log.error(
          "target {}: {} failed unexpectedly (error id {})",
          c.plan().target(),
          c.plan().summary(),
          errorId,
          e);
      return Outcome.failure(
          "it stopped unexpectedly (error id "
              + errorId
              + "); what it changed is unknown. Check with /redis health target:"
              + c.plan().target()
              + ".",
          List.of());
    }
  }

  private void audit(Confirmation c, Actor confirmer, Outcome outcome, List<String> notRecorded) {
    Plan plan = c.plan();
    String options =
        "target:"
            + plan.target()
            + plan.params().entrySet().stream()
                .map(e -> " " + e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining());
    try {
      audit.record(
          new AuditEntry(
              clock.instant(),
              confirmer.id(),
              confirmer.name(),
              confirmer.automated(),
              plan.action(),
              options,
              outcome.succeeded() ? AuditEntry.Outcome.OK : AuditEntry.Outcome.FAILED,
              "plan "
                  + c.id()
                  + " requested by "
                  + c.requesterName()
                  + ", confirmed by "
                  + confirmer.name()
                  + ": "
                  + outcome.headline()));
    } catch (NotRecordedException e) {
      log.error("target {}: could not audit {}", plan.target(), c.id(), e);
      notRecorded.add(e.getMessage());
    } catch (RuntimeException e) {
      log.error("target {}: could not audit {}", plan.target(), c.id(), e);
    }
  }

  private void record(Confirmation c, TimelineEvent.Kind kind, Actor actor, String text) {
    try {
      timeline.record(
          new TimelineEvent(
              clock.instant(), kind, actor.name(), c.plan().target(), c.place(), text));
    } catch (RuntimeException e) {
      log.error("target {}: could not record {} in the timeline", c.plan().target(), kind, e);
    }
  }

  /** The outcome of a run whose lock renewal found the lock taken by someone else. */
  private static Outcome lockLost(Plan plan, Outcome outcome) {
    String lost =
        "lost its lock on "
            + plan.target()
            + " (the lease lapsed and another run took it; it may be changing "
            + plan.target()
            + " now)";
    var evidence = new ArrayList<Field>(outcome.evidence());
    if (outcome.succeeded()) {
      evidence.add(new Field("Lock", lost + ", after the work was done", false));
      return new Outcome(
          true,
          outcome.changed(),
          outcome.harmful(),
          outcome.headline(),
          evidence,
          outcome.details());
    }
    evidence.add(new Field("Where it stopped", outcome.headline(), false));
    return new Outcome(false, outcome.changed(), "stopped: " + lost, evidence, outcome.details());
  }

  /**
   * Follow-up checks of the target compared with its health just before the action; for an action
   * that did not finish cleanly, the subject says so.
   */
  private String requestFollowUps(
      Confirmation c, Actor confirmer, Target target, Snapshot before, Outcome outcome) {
    String subject = c.plan().summary() + " confirmed by " + confirmer.name();
    if (!outcome.succeeded()) {
      subject += ", which did not finish cleanly (" + shorten(outcome.headline()) + ")";
    }
    try {
      List<String> ids = followUps.afterAction(target, c.place(), c.id(), subject, before);
      return ids.isEmpty()
          ? ""
          : ids.size()
              + " checks of "
              + target.name()
              + " scheduled here, compared with its health before the action (/followup list)"
              + (outcome.succeeded() ? "" : ": it did not finish cleanly, watch what it left");
    } catch (RuntimeException e) {
      log.error("target {}: could not schedule follow-ups for {}", target.name(), c.id(), e);
      return "could not be scheduled (the bot's log says why); check by hand with /redis health.";
    }
  }

  private static String shorten(String text) {
    return text.length() <= SUBJECT_HEADLINE ? text : text.substring(0, SUBJECT_HEADLINE - 1) + "…";
  }

  /**
   * Progress as the action sees it: interim replies get a Stop button and go out at most about once
   * a second, the target's lock is renewed whenever the action reports or asks for Stop (at most
   * every renewal interval), and a Stop pressed anywhere (any bot instance) is seen within a
   * quarter of a second. A lost lock reads as Stop.
   */
  private final class ExecutionProgress implements Progress {
    private final Confirmation c;
    private final Progress chat;
    private final String lockKey;
    private long lastUpdate;
    private long lastRenew = System.nanoTime();
    private long lastStopPoll;
    private boolean stopped;
    boolean leaseLost;

    ExecutionProgress(Confirmation c, Progress chat, String lockKey) {
      this.c = c;
      this.chat = chat;
      this.lockKey = lockKey;
    }

    @Override
    public void update(Reply interim) {
      renewIfDue();
      long now = System.nanoTime();
      if (lastUpdate != 0 && now - lastUpdate < UPDATE_NANOS) {
        return;
      }
      lastUpdate = now;
      chat.update(PlanReplies.running(c, interim));
    }

    @Override
    public boolean stopRequested() {
      renewIfDue();
      if (stopped || chat.stopRequested()) {
        return stopped = true;
      }
      long now = System.nanoTime();
      if (now - lastStopPoll > STOP_POLL_NANOS) {
        lastStopPoll = now;
        stopped = store.stopRequested(c.id());
      }
      return stopped;
    }

    /** Renews the lock once the interval has passed; a lost lock stops the run. */
    private void renewIfDue() {
      long now = System.nanoTime();
      if (leaseLost || now - lastRenew < renewNanos) {
        return;
      }
      lastRenew = now;
      if (!locks.renew(lockKey, c.id(), lease)) {
        leaseLost = true;
        stopped = true;
        log.warn(
            "target {}: the lock {} of {} was taken by another run; stopping {}",
            c.plan().target(),
            lockKey,
            c.id(),
            c.plan().summary());
      }
    }
  }
}
