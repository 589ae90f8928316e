package dev.incidentbot.recovery;

import dev.incidentbot.chat.Action;
import dev.incidentbot.chat.Attachment;
import dev.incidentbot.chat.Button;
import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.format.Durations;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The messages of the confirmation flow: the plan to confirm, progress, and the outcome. */
public final class PlanReplies {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final int INLINE_DETAILS = 1500;

  /** How the title of a run that found nothing left to change starts. */
  public static final String NOTHING_TO_DO = "Nothing to do: ";

  private PlanReplies() {}

  /** The plan, posted in the channel for anyone to read, with Confirm and Cancel. */
  public static Reply confirmation(Confirmation c, Clock clock) {
    Plan plan = c.plan();
    var reply =
        Reply.builder("Confirm? " + plan.summary())
            .severity(plan.risk() == Risk.LOW ? Severity.INFO : Severity.WARN)
            .text(
                "Nothing has changed yet. "
                    + (plan.effect().isEmpty() ? "" : "Expected effect: " + plan.effect() + "."));
    reply.field(
        "Target", plan.target() + (plan.targetRole().isEmpty() ? "" : " · " + plan.targetRole()));
    if (!plan.replicas().isEmpty()) {
      reply.inlineField("Replicas", plan.replicas());
    }
    if (!plan.persistence().isEmpty()) {
      reply.inlineField("Persistence", plan.persistence());
    }
    reply.field("Will run", String.join("\n", plan.willRun()));
    if (!plan.matches().isEmpty()) {
      reply.field("Matches (dry run)", plan.matches());
    }
    if (!plan.samples().isEmpty()) {
      reply.field("Samples", String.join("\n", plan.samples()));
    }
    reply.field(
        "Risk",
        plan.risk().label() + (plan.riskReason().isEmpty() ? "" : " — " + plan.riskReason()));
    reply.inlineField("Asked by", c.requesterName());
    reply.inlineField(
        "Who may confirm",
        "anyone with the "
            + plan.requiredRole()
            + " role"
            + (plan.secondPerson() ? ", other than " + c.requesterName() + " (high risk)" : ""));
    Duration left = Duration.between(clock.instant(), c.expiresAt());
    reply.inlineField(
        "Expires",
        "in "
            + Durations.format(left.isNegative() ? Duration.ZERO : left)
            + " ("
            + TIME.format(c.expiresAt())
            + ")");
    reply.button(
        plan.risk() == Risk.HIGH ? "Confirm (high risk)" : "Confirm",
        plan.risk() == Risk.LOW ? Button.Style.SUCCESS : Button.Style.DANGER,
        Action.of("confirm", "id", c.id()));
    reply.button("Cancel", Button.Style.SECONDARY, Action.of("cancel", "id", c.id()));
    return reply.build();
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
    Plan plan = c.plan();
    var reply =
        Reply.builder(outcomeTitle(outcome)).severity(severity(outcome)).text(plan.summary());
    for (Field f : outcome.evidence()) {
      reply.inlineField(f.name(), f.value());
    }
    reply.field("Requested by · confirmed by", c.requesterName() + " · " + confirmedBy);
    if (!followUps.isEmpty()) {
      reply.field("Follow-up checks", followUps);
    }
    if (!notRecorded.isEmpty()) {
      reply.field("Not recorded yet", notRecorded);
    }
    if (!outcome.details().isEmpty()) {
      if (outcome.details().length() <= INLINE_DETAILS) {
        reply.code("", outcome.details());
      } else {
        reply.attach(Attachment.text("output-" + c.id() + ".txt", outcome.details()));
      }
    }
    return reply.build();
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
      String h = outcome.headline();
      String by = "stopped by " + outcome.stoppedBy();
      // "stopped by carol after removing 12 keys", "restart-worker was killed on request (stopped
      // by carol)": the title names who, then what it did so far
      return h.startsWith(by)
          ? "S" + h.substring(1)
          : "Stopped by " + outcome.stoppedBy() + ": " + h.replace(" (" + by + ")", "");
    }
    if (!outcome.succeeded()) {
      return "Failed: " + outcome.headline();
    }
    return (outcome.changed() ? "Done: " : NOTHING_TO_DO) + outcome.headline();
  }

  /** OK for a clean success, CRITICAL for a failure or a success that leaves harm behind. */
  private static Severity severity(Outcome outcome) {
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
