package dev.incidentbot.recovery;

import dev.incidentbot.chat.Action;
import dev.incidentbot.chat.Button;
import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Severity;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The messages of the confirmation flow: the plan to confirm, progress, and the outcome. */
public final class PlanReplies {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  /** How the title of a run that found nothing left to change starts. */
  public static final String NOTHING_TO_DO = "Nothing to do: ";

  private PlanReplies() {}

  /**
   * The plan, posted in the channel for anyone to read, with Confirm and Cancel, from the built-in
   * {@code recovery-plan} template ({@link PlanViews#confirmation} for the operators' templates).
   */
  public static Reply confirmation(Confirmation c, Clock clock) {
    return PlanViews.builtIn().confirmation(c, clock);
  }

  /** An interim state of a running plan, with a Stop button. */
  public static Reply running(Confirmation c, Reply interim) {
    var b = interim.toBuilder();
    if (interim.title().isEmpty()) {
      b = Reply.builder("Running " + c.plan().summary()).text(interim.text());
      for (Field f : interim.fields()) {
        b.field(f.name(), f.value());
      }
    }
    return b.button("Stop", Button.Style.DANGER, Action.of(StopActionCommand.NAME, "id", c.id()))
        .build();
  }

  /** What came of it, with before/after evidence. */
  public static Reply outcome(
      Confirmation c, String confirmedBy, Outcome outcome, String followUps) {
    return outcome(c, confirmedBy, outcome, followUps, "");
  }

  /**
   * What came of it, with before/after evidence and, when the bot's database could not record it,
   * {@code notRecorded} saying so.
   */
  public static Reply outcome(
      Confirmation c, String confirmedBy, Outcome outcome, String followUps, String notRecorded) {
    return PlanViews.builtIn().outcome(c, confirmedBy, outcome, followUps, notRecorded);
  }

  /**
   * The headline stored and audited for a plan the bot stopped during: "the bot stopped while it
   * ran; now: ≈ 143,210 keys still match cache:*".
   */
  public static String interruptedHeadline(Interruption now) {
    return "the bot stopped while it ran; now: " + now.now();
  }

  /**
   * A plan the bot stopped during (a crash), found at start-up: "Interrupted: the bot stopped while
   * /redis purge pattern:cache:* was running (started by alice, confirmed by bob at 10:41:07 UTC);
   * now: ≈ 143,210 keys still match cache:*", with what the target shows now. It is not resumed.
   */
  public static Reply interrupted(Confirmation c, Interruption now, String followUps) {
    Plan plan = c.plan();
    var reply =
        Reply.builder(
                "Interrupted: the bot stopped while "
                    + plan.summary()
                    + " was running (started by "
                    + c.requesterName()
                    + ", confirmed by "
                    + c.decidedByName()
                    + (c.decidedAt() == null ? "" : " at " + time(c.decidedAt()))
                    + "); now: "
                    + now.now())
            .severity(Severity.CRITICAL)
            .text(
                "It was not resumed and its result is unknown beyond what its target shows now. "
                    + "Plan it again with /"
                    + plan.action()
                    + " if it is still needed.");
    for (Field f : now.evidence()) {
      if (f.inline()) {
        reply.inlineField(f.name(), f.value());
      } else {
        reply.field(f.name(), f.value());
      }
    }
    reply.field("Requested by · confirmed by", c.requesterName() + " · " + c.decidedByName());
    if (!followUps.isEmpty()) {
      reply.field("Follow-up checks", followUps);
    }
    return reply.build();
  }

  /**
   * "Done: removed 30 keys from cache", "Failed: …", "Stopped by carol after removing 12 keys" for
   * a run someone stopped, or "Nothing to do: …" for a run that found nothing left to change. A
   * harmful outcome's headline starts with its consequence.
   */
  static String outcomeTitle(Outcome outcome) {
    if (!outcome.stoppedBy().isEmpty()) {
      return stoppedTitle(outcome);
    }
    if (!outcome.succeeded()) {
      return "Failed: " + outcome.headline();
    }
    return (outcome.changed() ? "Done: " : NOTHING_TO_DO) + outcome.headline();
  }

  /**
   * The title of a run someone stopped: "Stopped by carol after removing 12 keys", "Stopped by
   * carol: restart-worker was killed on request".
   */
  static String stoppedTitle(Outcome outcome) {
    String h = outcome.headline();
    String by = "stopped by " + outcome.stoppedBy();
    // "stopped by carol after removing 12 keys", "restart-worker was killed on request (stopped
    // by carol)": the title names who, then what it did so far
    return h.startsWith(by)
        ? "S" + h.substring(1)
        : "Stopped by " + outcome.stoppedBy() + ": " + h.replace(" (" + by + ")", "");
  }

  /** OK for a clean success, CRITICAL for a failure or a success that leaves harm behind. */
  static Severity severity(Outcome outcome) {
    if (!outcome.stoppedBy().isEmpty()) {
      return Severity.WARN; // asked for: what it left is worth a look, not an alarm
    }
    if (!outcome.succeeded() || outcome.harmful()) {
      return Severity.CRITICAL;
    }
    return outcome.changed() ? Severity.OK : Severity.INFO;
  }

  /** A one-line description of a confirmation for lists: "12:01:07 UTC /redis purge … — done". */
  public static String line(Confirmation c) {
    var sb = new StringBuilder(TIME.format(c.createdAt())).append(' ').append(c.plan().summary());
    sb.append(" — asked by ").append(c.requesterName());
    switch (c.state()) {
      case DONE ->
          sb.append(", confirmed by ")
              .append(c.decidedByName())
              .append(": ")
              .append(
                  c.succeeded() == null
                      ? "interrupted, "
                      : c.succeeded()
                          ? "done, "
                          : c.outcome().contains("stopped by ") ? "" : "failed, ")
              .append(c.outcome());
      case CONFIRMED -> sb.append(", confirmed by ").append(c.decidedByName()).append(": running");
      case CANCELLED -> sb.append(", cancelled by ").append(c.decidedByName());
      case EXPIRED -> sb.append(", expired unconfirmed");
      case PENDING -> sb.append(", waiting for confirmation");
    }
    return sb.toString();
  }

  /** "12:01:07 UTC". */
  public static String time(java.time.Instant at) {
    return TIME.format(at);
  }

  /** Why a plan whose action holds the target's lock already cannot be confirmed again. */
  static final String ALREADY_RUNNING =
      "This plan is already running; it runs once. Its result will be posted here.";

  /** Why a plan cannot run when the bot no longer has its action. */
  static String actionGone(Plan plan) {
    return "This bot cannot run /" + plan.action() + " any more; plan it again.";
  }

  /** Why a plan cannot run while {@code running} (another plan's summary) holds its target. */
  static String targetBusy(Confirmation c, String running) {
    return "Another action is running on "
        + c.plan().target()
        + " ("
        + running
        + "); only one changing action runs per target. This plan stays pending until "
        + time(c.expiresAt())
        + "; confirm again when that one has finished.";
  }

  /** Why a confirmation that is not pending cannot be confirmed, as a sentence. */
  public static String whyNot(Confirmation c) {
    String again = " Plan it again with /" + c.plan().action() + " if it is still needed.";
    return switch (c.state()) {
      case PENDING -> "This plan is still pending; press Confirm again.";
      case CONFIRMED ->
          "This plan was already confirmed by "
              + c.decidedByName()
              + " and is running; it runs once.";
      case DONE ->
          "This plan already ran (confirmed by "
              + c.decidedByName()
              + "): "
              + c.outcome()
              + ". A plan runs once."
              + again;
      case CANCELLED -> "This plan was cancelled by " + c.decidedByName() + "." + again;
      case EXPIRED ->
          "This plan expired at " + time(c.expiresAt()) + " without being confirmed." + again;
    };
  }
}
