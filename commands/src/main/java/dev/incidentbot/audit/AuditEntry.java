package dev.incidentbot.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One line of the audit log.
 *
 * @param at when it happened
 * @param actorId who did it (platform id)
 * @param actorName who did it (display name)
 * @param automated whether an alert or a job did it rather than a person
 * @param command the command name ("redis health", "confirm")
 * @param options the options as typed, {@code name:value} separated by spaces
 * @param outcome what came of it: {@link Outcome}
 * @param detail one line of detail, safe to show
 * @param targets the targets it ran on, named by its {@code target:} option or, without one, the
 *     configured target(s) it ran on (the only one, or all of them); empty when it concerns no
 *     target or was recorded before targets were (those name it in {@code options} if at all)
 */
public record AuditEntry(
    Instant at,
    String actorId,
    String actorName,
    boolean automated,
    String command,
    String options,
    Outcome outcome,
    String detail,
    List<String> targets) {

  /** What came of an audited request. */
  public enum Outcome {
    OK,
    REFUSED,
    FAILED,
    /** A run a person stopped with its Stop button; its detail says who and what it did so far. */
    STOPPED,
    ERROR,
    /** An action the bot stopped during (a crash); reported when the bot found it at start-up. */
    INTERRUPTED
  }

  public AuditEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(actorId, "actorId");
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(outcome, "outcome");
    options = options == null ? "" : options;
    detail = detail == null ? "" : detail;
    targets = targets == null ? List.of() : List.copyOf(targets);
  }

  /** An entry that concerns no target. */
  public AuditEntry(
      Instant at,
      String actorId,
      String actorName,
      boolean automated,
      String command,
      String options,
      Outcome outcome,
      String detail) {
    this(at, actorId, actorName, automated, command, options, outcome, detail, List.of());
  }
}
