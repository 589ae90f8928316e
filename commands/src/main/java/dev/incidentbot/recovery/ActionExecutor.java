package dev.incidentbot.recovery;

import dev.incidentbot.audit.AuditEntry;
import dev.incidentbot.audit.AuditLog;
import dev.incidentbot.chat.Actor;
import dev.incidentbot.chat.Ellipsis;
import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.followup.FollowUps;
import dev.incidentbot.followup.Snapshot;
import dev.incidentbot.format.Counts;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.redis.health.HealthCheck;
import dev.incidentbot.timeline.Timeline;
import dev.incidentbot.timeline.TimelineEvent;
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
 * <p>The bot's database may fail while an action runs: checks for Stop and lock renewals that fail
 * are retried at the next batch, and the action goes on. An outcome the database cannot take is
 * posted at once (saying it is not recorded yet) and kept: recording it, auditing it and releasing
 * the lock are retried with backoff until the database is back, so a runbook script that outlives
 * an outage gets its real end recorded, never "failed".
 *
 * <p>A plan whose bot instance stopped while it ran (a crash, {@code kill -9}) is found by {@link
 * #recoverInterrupted} at start-up: measured now by its action ({@link
 * RecoveryAction#measureAfterInterruption}), reported where it was confirmed, audited as
 * interrupted, its lock released and its follow-ups scheduled. It is never resumed.
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

  /** The bot as the actor of what it records on its own: an interrupted plan's audit row. */
  static final Actor BOT = Actor.automation("incident bot", java.util.Set.of());

  private final Map<String, RecoveryAction> actions = new HashMap<>();
  private final ConfirmationStore store;
  private final TargetLocks locks;
  private final AuditLog audit;
  private final Timeline timeline;
  private final FollowUps followUps;
  private final HealthCheck health;
  private final Targets targets;
  private final Clock clock;
  private final PlanViews views;
  private final Duration lease;
  private final long renewNanos;
  private final RetriedSteps recording = new RetriedSteps();

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
    this(all, store, locks, audit, timeline, followUps, health, targets, clock, lease, null);
  }

  /**
   * @param lease as above
   * @param views renders plans and outcomes (the operators' templates), or null for the built-in
   *     ones
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
      Duration lease,
      PlanViews views) {
    this.views = views == null ? PlanViews.builtIn() : views;
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
    RecoveryAction action = actionFor(plan);
    String lockKey = action.lockKey(plan);
    lock(c, lockKey);
    boolean handedOver = false;
    try {
      consume(c, confirmer);
      Optional<Target> target = action.followsUp() ? configured(plan) : Optional.empty();
      Snapshot before = target.map(this::baseline).orElse(null);
      if (before != null) {
        rememberBaseline(c, before);
      }
      Outcome outcome = executeWatched(action, c, confirmer, chatProgress, lockKey);
      String checks =
          outcome.changed() && target.isPresent()
              ? requestFollowUps(c, confirmer, target.get(), before, outcome)
              : "";
      handedOver = true;
      String notRecorded = recordOutcome(c, confirmer, outcome, lockKey);
      return views.outcome(c, confirmer.name(), outcome, checks, notRecorded);
    } finally {
      if (!handedOver) {
        releaseQuietly(lockKey, c.id());
      }
    }
  }

  /**
   * The action that runs {@code plan}.
   *
   * @throws UserFacingException when the plan's action is not configured any more
   */
  private RecoveryAction actionFor(Plan plan) {
    RecoveryAction action = actions.get(plan.action());
    if (action == null) {
      throw new UserFacingException(PlanReplies.actionGone(plan));
    }
    return action;
  }

  /**
   * Takes the target's lock for {@code c}.
   *
   * @throws UserFacingException when this plan or another action holds it
   */
  private void lock(Confirmation c, String lockKey) {
    if (locks.acquire(lockKey, c.id(), lease)) {
      return;
    }
    String holder = locks.holder(lockKey).orElse("");
    if (holder.equals(c.id())) {
      throw new UserFacingException(PlanReplies.ALREADY_RUNNING);
    }
    String running =
        store.find(holder).map(other -> other.plan().summary()).orElse("another action");
    throw new UserFacingException(PlanReplies.targetBusy(c, running));
  }

  /**
   * Consumes the confirmation (at most once across presses and instances) and records it.
   *
   * @throws UserFacingException when it is no longer pending
   */
  private void consume(Confirmation c, Actor confirmer) {
    Plan plan = c.plan();
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
  }

  /** The plan's target as configured now, if it still is. */
  private Optional<Target> configured(Plan plan) {
    return targets.all().stream().filter(t -> t.name().equals(plan.target())).findFirst();
  }

  /**
   * Runs the action with progress that renews the lock and watches for Stop; the outcome says when
   * someone stopped it or the lock was lost on the way.
   */
  private Outcome executeWatched(
      RecoveryAction action, Confirmation c, Actor confirmer, Progress chat, String lockKey) {
    Plan plan = c.plan();
    var progress = new ExecutionProgress(c, chat, lockKey);
    Outcome outcome = execute(action, c, confirmer, progress);
    if (progress.leaseLost) {
      outcome = lockLost(plan, outcome);
    } else if (progress.stoppedBy != null) {
      outcome = outcome.stoppedBy(progress.stoppedBy);
    }
    log.info(
        "target {}: {} {}: {}",
        plan.target(),
        plan.summary(),
        outcome.succeeded() ? "succeeded" : "failed",
        outcome.headline());
    return outcome;
  }

  /**
   * Records the outcome, audits it, adds it to the timeline and releases the lock, in that order.
   * When the database refuses a step, it and the ones after it are retried with backoff ({@link
   * RetriedSteps}) until they go through; the lock stays held until then, so no other action starts
   * on the target before this one's end is recorded (at most for its lease).
   *
   * @return "" when everything is recorded, else what is not yet, for the reply
   */
  private String recordOutcome(Confirmation c, Actor confirmer, Outcome outcome, String lockKey) {
    Plan plan = c.plan();
    AuditEntry audited =
        entry(
            c,
            confirmer,
            !outcome.stoppedBy().isEmpty()
                ? AuditEntry.Outcome.STOPPED
                : outcome.succeeded() ? AuditEntry.Outcome.OK : AuditEntry.Outcome.FAILED,
            outcome.headline());
    String timelineText =
        plan.summary()
            + (outcome.succeeded() || !outcome.stoppedBy().isEmpty() ? ": " : " failed: ")
            + outcome.headline();
    RuntimeException failed =
        recording.run(
            "target " + plan.target() + ": the outcome of " + c.id() + " (" + plan.summary() + ")",
            List.of(
                new RetriedSteps.Step("record the outcome", () -> store.finish(c.id(), outcome)),
                new RetriedSteps.Step("audit it", () -> audit.record(audited)),
                new RetriedSteps.Step(
                    "add it to the timeline",
                    () -> record(c, TimelineEvent.Kind.ACTION, confirmer, timelineText)),
                new RetriedSteps.Step("release the lock", () -> locks.release(lockKey, c.id()))));
    if (failed == null) {
      return "";
    }
    return "the bot's database is unavailable ("
        + shorten(String.valueOf(failed.getMessage()))
        + "). This outcome is kept and recorded, audited and its lock on "
        + plan.target()
        + " released as soon as the database is back; until then /audit shows it running.";
  }

  private void releaseQuietly(String lockKey, String holder) {
    try {
      locks.release(lockKey, holder);
    } catch (RuntimeException e) {
      log.error(
          "could not release the lock {} of {}; it lapses after its lease", lockKey, holder, e);
    }
  }

  private void rememberBaseline(Confirmation c, Snapshot before) {
    try {
      followUps.rememberBaseline(c.id(), before);
    } catch (RuntimeException e) {
      log.warn("target {}: could not keep the baseline of {}", c.plan().target(), c.id(), e);
    }
  }

  /**
   * Reports every plan left running by a bot instance that is gone (see {@link
   * ConfirmationStore#interrupted}): each is claimed (so one instance reports it), measured by its
   * action, posted where it was confirmed, recorded as interrupted, audited, added to the timeline,
   * its lock released and its follow-up checks scheduled. None is resumed. Never throws; what could
   * not be done is logged and tried again at the next call.
   *
   * @return how many were reported
   */
  public int recoverInterrupted(Outbox outbox) {
    List<Confirmation> found;
    try {
      found = store.interrupted();
    } catch (RuntimeException e) {
      log.warn("could not look for actions left running by a stopped bot: {}", e.getMessage());
      return 0;
    }
    int reported = 0;
    for (Confirmation c : found) {
      try {
        if (store.claimInterrupted(c.id())) {
          reportInterrupted(c, outbox);
          reported++;
        }
      } catch (RuntimeException e) {
        log.error("target {}: could not report interrupted plan {}", c.plan().target(), c.id(), e);
      }
    }
    return reported;
  }

  private void reportInterrupted(Confirmation c, Outbox outbox) {
    Plan plan = c.plan();
    RecoveryAction action = actions.get(plan.action());
    Interruption now = measure(action, plan);
    String headline = PlanReplies.interruptedHeadline(now);
    store.finishInterrupted(c.id(), headline);
    log.warn(
        "target {}: {} ({}) was interrupted: {}", plan.target(), plan.summary(), c.id(), headline);
    String confirmedBy = c.decidedByName() == null ? "?" : c.decidedByName();
    try {
      audit.record(entry(c, BOT, AuditEntry.Outcome.INTERRUPTED, headline, confirmedBy));
    } catch (RuntimeException e) {
      log.error("target {}: could not audit interrupted plan {}", plan.target(), c.id(), e);
    }
    record(c, TimelineEvent.Kind.ACTION, BOT, plan.summary() + " was interrupted: " + headline);
    String lockKey = action == null ? "target:" + plan.target() : action.lockKey(plan);
    releaseQuietly(lockKey, c.id());
    Optional<Target> target =
        action != null && !action.followsUp() ? Optional.<Target>empty() : configured(plan);
    String checks =
        target
            .map(
                t ->
                    followUps(
                        c,
                        t,
                        plan.summary()
                            + " confirmed by "
                            + confirmedBy
                            + ", interrupted when the bot stopped",
                        true))
            .orElse("");
    try {
      outbox.post(c.place(), PlanReplies.interrupted(c, now, checks));
    } catch (RuntimeException e) {
      log.error("target {}: could not post that plan {} was interrupted", plan.target(), c.id(), e);
    }
  }

  /** What the target shows now, as the action measures it; never throws. */
  private static Interruption measure(RecoveryAction action, Plan plan) {
    if (action == null) {
      return Interruption.unknown(
          "/" + plan.action() + " is not configured any more, so it cannot be measured");
    }
    try {
      return action.measureAfterInterruption(plan);
    } catch (UserFacingException e) {
      return Interruption.unknown("could not be measured: " + e.getMessage());
    } catch (RuntimeException e) {
      log.warn("target {}: could not measure interrupted {}", plan.target(), plan.summary(), e);
      return Interruption.unknown(
          "could not be measured ("
              + e.getClass().getSimpleName()
              + "); check with /redis health target:"
              + plan.target());
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
  private Outcome execute(
      RecoveryAction action, Confirmation c, Actor confirmer, ExecutionProgress progress) {
    // the running message and its Stop button at once: a large purge's first batch can take
    // seconds, and a Stop pressed before any message would find no button
    progress.update(
        Reply.text("Started, confirmed by " + confirmer.name() + ". Stop ends it between steps."));
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

  private AuditEntry entry(
      Confirmation c, Actor confirmer, AuditEntry.Outcome result, String headline) {
    return entry(c, confirmer, result, headline, confirmer.name());
  }

  /** The audit row of a plan's end, recorded as {@code actor}'s doing. */
  private AuditEntry entry(
      Confirmation c, Actor actor, AuditEntry.Outcome result, String headline, String confirmedBy) {
    Plan plan = c.plan();
    String options =
        "target:"
            + plan.target()
            + plan.params().entrySet().stream()
                .map(e -> " " + e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining());
    return new AuditEntry(
        clock.instant(),
        actor.id(),
        actor.name(),
        actor.automated(),
        plan.action(),
        options,
        result,
        "plan "
            + c.id()
            + " requested by "
            + c.requesterName()
            + ", confirmed by "
            + confirmedBy
            + ": "
            + headline,
        List.of(plan.target()));
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
    return followUps(c, target, subject, before, !outcome.succeeded());
  }

  /** Follow-up checks compared with the baseline kept when the action started. */
  private String followUps(Confirmation c, Target target, String subject, boolean unclean) {
    return followUps(c, target, subject, null, unclean);
  }

  private String followUps(
      Confirmation c, Target target, String subject, Snapshot before, boolean unclean) {
    try {
      List<String> ids = followUps.afterAction(target, c.place(), c.id(), subject, before);
      return ids.isEmpty()
          ? ""
          : Counts.of(ids.size(), "check", "checks")
              + " of "
              + target.name()
              + " scheduled here, compared with its health before the action (/followup list)"
              + (unclean ? ": it did not finish cleanly, watch what it left" : "");
    } catch (RuntimeException e) {
      log.error("target {}: could not schedule follow-ups for {}", target.name(), c.id(), e);
      return "could not be scheduled (the bot's log says why); check by hand with /redis health.";
    }
  }

  private static String shorten(String text) {
    return Ellipsis.cut(text, SUBJECT_HEADLINE);
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
    private boolean storeFailing;
    boolean leaseLost;

    /** Who pressed Stop, here or on another instance; null while nobody has. */
    String stoppedBy;

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
      if (stopped) {
        return true;
      }
      if (chat.stopRequested()) {
        stoppedBy = "someone";
        return stopped = true;
      }
      long now = System.nanoTime();
      if (now - lastStopPoll > STOP_POLL_NANOS) {
        lastStopPoll = now;
        try {
          Optional<String> by = store.stopRequestedBy(c.id());
          if (by.isPresent()) {
            stoppedBy = by.get();
            stopped = true;
          }
          storeFailing = false;
        } catch (RuntimeException e) {
          // the database is down: a Stop pressed elsewhere waits for it; the action goes on
          storeUnavailable(e);
        }
      }
      return stopped;
    }

    private void storeUnavailable(RuntimeException e) {
      if (!storeFailing) {
        storeFailing = true;
        log.warn(
            "target {}: the bot's database is unavailable while {} runs ({}); it goes on",
            c.plan().target(),
            c.plan().summary(),
            e.getMessage());
      }
    }

    /** Renews the lock once the interval has passed; a lost lock stops the run. */
    private void renewIfDue() {
      long now = System.nanoTime();
      if (leaseLost || now - lastRenew < renewNanos) {
        return;
      }
      lastRenew = now;
      boolean held;
      try {
        held = locks.renew(lockKey, c.id(), lease);
      } catch (RuntimeException e) {
        // nobody can take the lock while the database is down; renewed when it is back
        storeUnavailable(e);
        return;
      }
      if (!held) {
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
