package dev.incidentbot.recovery;

import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Request;

/**
 * One recovery action from the runbooks. {@link #plan} is a dry run: it reads, measures and
 * validates but changes nothing; {@link #execute} does what the plan says and reports evidence.
 * Implementations are small final classes, stateless and thread-safe; both methods run on a worker
 * thread and every Redis call they make carries the target's timeout.
 */
public interface RecoveryAction {

  /** The command that plans this action; its name is the plan's {@link Plan#action()}. */
  CommandSpec spec();

  /**
   * Measures what the request would do.
   *
   * @throws dev.incidentbot.chat.UserFacingException for bad input or an unreachable target
   */
  Plan plan(Request request);

  /**
   * Runs a confirmed plan. Long actions report through {@code progress} about once a second and
   * check {@link Progress#stopRequested()} between batches (true also when the target's lock was
   * lost). Each step that can fail after the action started changing the target is caught and
   * returned as a failed {@link Outcome} that says how far it got ({@link Outcome#failure}, or
   * {@link Outcome#stoppedAfter} with the count done); a {@link
   * dev.incidentbot.chat.UserFacingException} means nothing was changed, and any other exception
   * leaves what changed unknown.
   */
  Outcome execute(Plan plan, Progress progress);

  /**
   * Measures, after the bot stopped while this plan ran (a crash, a kill), what its target shows
   * now: called once at start-up for each plan left running, never to resume it. Reads only; a
   * bounded read (a SCAN of at most about a second, one CONFIG GET per node). Actions that cannot
   * tell keep the default, which says so.
   *
   * @throws RuntimeException when the target cannot be read: the bot then reports the interruption
   *     with what is unknown
   */
  default Interruption measureAfterInterruption(Plan plan) {
    return Interruption.unknown(
        "what it changed is not known; check with /redis health target:" + plan.target());
  }

  /**
   * Whether a run that changed something is followed by health checks of its target (with the
   * target's health measured just before as the baseline). Actions that change something other than
   * Redis, such as an Alertmanager silence, say false.
   */
  default boolean followsUp() {
    return true;
  }

  /**
   * The key of the lock this plan's execution holds: the target's name, so one changing action runs
   * per target at a time.
   */
  default String lockKey(Plan plan) {
    return "target:" + plan.target();
  }
}
