package dev.incidentbot.recovery;

import dev.incidentbot.audit.AuditEntry;
import dev.incidentbot.audit.AuditLog;
import dev.incidentbot.chat.Actor;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.followup.FollowUps;
import dev.incidentbot.incident.Timeline;
import dev.incidentbot.incident.TimelineEvent;
import dev.incidentbot.redis.HealthCheck;
import dev.incidentbot.redis.HealthReport;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import java.time.Clock;
import java.time.Duration;
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
 * compared with the target's health measured just before the action.
 *
 * <p>Thread-safe; {@link #run} blocks the calling worker thread while the action runs.
 */
public final class ActionExecutor {
  /** How long a lock outlives a crashed instance; a running action renews it as it reports. */
  static final Duration LOCK_LEASE = Duration.ofMinutes(2);

  private static final Logger log = LoggerFactory.getLogger(ActionExecutor.class);
  private static final long STOP_POLL_NANOS = 250_000_000L;
  private static final long UPDATE_NANOS = 1_000_000_000L;
  private static final long RENEW_NANOS = 20_000_000_000L;

  private final Map<String, RecoveryAction> actions = new HashMap<>();
  private final ConfirmationStore store;
  private final TargetLocks locks;
  private final AuditLog audit;
  private final Timeline timeline;
  private final FollowUps followUps;
  private final HealthCheck health;
  private final Targets targets;
  private final Clock clock;

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
    if (!locks.acquire(lockKey, c.id(), LOCK_LEASE)) {
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
      HealthReport before = target.map(health::check).orElse(null);
      Outcome outcome = execute(action, c, chatProgress, lockKey);
      store.finish(c.id(), outcome);
      log.info(
          "target {}: {} {}: {}",
          plan.target(),
          plan.summary(),
          outcome.succeeded() ? "succeeded" : "failed",
          outcome.headline());
      audit(c, confirmer, outcome);
      record(
          c,
          TimelineEvent.Kind.ACTION,
          confirmer,
          plan.summary() + (outcome.succeeded() ? ": " : " failed: ") + outcome.headline());
      String checks =
          outcome.succeeded() && target.isPresent()
              ? requestFollowUps(c, confirmer, target.get(), before)
              : "";
      return PlanReplies.outcome(c, confirmer.name(), outcome, checks);
    } finally {
      locks.release(lockKey, c.id());
    }
  }

  private Outcome execute(RecoveryAction action, Confirmation c, Progress chat, String lockKey) {
    var progress = new ExecutionProgress(c, chat, lockKey);
    try {
      return action.execute(c.plan(), progress);
    } catch (UserFacingException e) {
      return Outcome.failure(e.getMessage(), List.of());
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

  private void audit(Confirmation c, Actor confirmer, Outcome outcome) {
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

  /** Follow-up checks of the target compared with its health just before the action. */
  private String requestFollowUps(
      Confirmation c, Actor confirmer, Target target, HealthReport before) {
    String subject = c.plan().summary() + " confirmed by " + confirmer.name();
    try {
      List<String> ids = followUps.afterAction(target, c.place(), c.id(), subject, before);
      return ids.isEmpty()
          ? ""
          : ids.size()
              + " checks of "
              + target.name()
              + " scheduled here, compared with its health before the action (/followup list)";
    } catch (RuntimeException e) {
      log.error("target {}: could not schedule follow-ups for {}", target.name(), c.id(), e);
      return "could not be scheduled (the bot's log says why); check by hand with /redis health.";
    }
  }

  /**
   * Progress as the action sees it: interim replies get a Stop button and go out at most about once
   * a second, the target's lock is renewed, and a Stop pressed anywhere (any bot instance) is seen
   * within a quarter of a second.
   */
  private final class ExecutionProgress implements Progress {
    private final Confirmation c;
    private final Progress chat;
    private final String lockKey;
    private long lastUpdate;
    private long lastRenew = System.nanoTime();
    private long lastStopPoll;
    private boolean stopped;

    ExecutionProgress(Confirmation c, Progress chat, String lockKey) {
      this.c = c;
      this.chat = chat;
      this.lockKey = lockKey;
    }

    @Override
    public void update(Reply interim) {
      long now = System.nanoTime();
      if (now - lastRenew > RENEW_NANOS) {
        lastRenew = now;
        locks.renew(lockKey, c.id(), LOCK_LEASE);
      }
      if (lastUpdate != 0 && now - lastUpdate < UPDATE_NANOS) {
        return;
      }
      lastUpdate = now;
      chat.update(PlanReplies.running(c, interim));
    }

    @Override
    public boolean stopRequested() {
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
  }
}
