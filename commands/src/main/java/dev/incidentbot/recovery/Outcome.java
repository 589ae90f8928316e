package dev.incidentbot.recovery;

import dev.incidentbot.chat.Field;
import java.util.List;
import java.util.Objects;

/**
 * What came of running a plan, with the evidence that it worked (or how far it got).
 *
 * @param succeeded whether the action did what the plan said
 * @param changed whether the action changed (or may have changed) something on the target: true for
 *     a success that changed something and for a failure after it started (a stopped purge, a
 *     failed CONFIG REWRITE after CONFIG SET); false only when it is known that nothing was changed
 *     — a failure before it started, or a success that found nothing left to do (the keys it
 *     matched were gone by the time it ran). Follow-up checks are scheduled when it is true.
 * @param harmful whether the action did what was asked and that leaves the target in a state people
 *     must see at once (maxmemory below used memory: writes fail with OOM errors); the headline
 *     then starts with that consequence, and the outcome is shown as critical
 * @param headline one line: "removed 51,873 keys", "BGSAVE failed: …"
 * @param evidence before → after measurements, in order
 * @param details longer text such as captured output, or ""
 * @param stoppedBy who pressed Stop when the run ended because someone asked it to, else ""
 */
public record Outcome(
    boolean succeeded,
    boolean changed,
    boolean harmful,
    String headline,
    List<Field> evidence,
    String details,
    String stoppedBy) {

  public Outcome {
    Objects.requireNonNull(headline, "headline");
    evidence = List.copyOf(evidence);
    details = details == null ? "" : details;
    stoppedBy = stoppedBy == null ? "" : stoppedBy;
    if (harmful && !changed) {
      throw new IllegalArgumentException("a harmful outcome changed something");
    }
  }

  /** An outcome of a run nobody stopped. */
  public Outcome(
      boolean succeeded,
      boolean changed,
      boolean harmful,
      String headline,
      List<Field> evidence,
      String details) {
    this(succeeded, changed, harmful, headline, evidence, details, "");
  }

  /** An outcome that did not harm the target beyond what its plan said. */
  public Outcome(
      boolean succeeded, boolean changed, String headline, List<Field> evidence, String details) {
    this(succeeded, changed, false, headline, evidence, details);
  }

  public static Outcome success(String headline, List<Field> evidence) {
    return new Outcome(true, true, headline, evidence, "");
  }

  /**
   * The action ran and found nothing left to change (what the plan matched was gone by then), so it
   * changed nothing and nothing needs to be watched; {@code headline} says so.
   */
  public static Outcome unchanged(String headline, List<Field> evidence) {
    return new Outcome(true, false, headline, evidence, "");
  }

  /**
   * The action did what was asked, and {@code headline} starts with the consequence people must act
   * on: "writes now fail with OOM errors (policy noeviction): maxmemory is now 10.0 MiB …".
   */
  public static Outcome harmful(String headline, List<Field> evidence) {
    return new Outcome(true, true, true, headline, evidence, "");
  }

  /**
   * The action started changing the target and did not finish cleanly; {@code headline} says how
   * far it got.
   */
  public static Outcome failure(String headline, List<Field> evidence) {
    return new Outcome(false, true, headline, evidence, "");
  }

  /** The action failed before it changed anything; {@code headline} says why. */
  public static Outcome nothingChanged(String headline, List<Field> evidence) {
    return new Outcome(false, false, headline, evidence, "");
  }

  /**
   * A failure part-way through a loop: {@link #failure} when {@code done} (keys removed, clients
   * killed, jobs moved) is positive, {@link #nothingChanged} when it is 0.
   */
  public static Outcome stoppedAfter(long done, String headline, List<Field> evidence) {
    return done > 0 ? failure(headline, evidence) : nothingChanged(headline, evidence);
  }

  /**
   * A success from the count of what it did: {@link #success} when {@code done} (keys removed,
   * clients killed, jobs moved) is positive, {@link #unchanged} when it is 0.
   */
  public static Outcome doneAfter(long done, String headline, List<Field> evidence) {
    return done > 0 ? success(headline, evidence) : unchanged(headline, evidence);
  }

  public Outcome withDetails(String text) {
    return new Outcome(succeeded, changed, harmful, headline, evidence, text, stoppedBy);
  }

  /**
   * This outcome as the end of a run {@code who} stopped: the action's "stopped on request" becomes
   * "stopped by {@code who}", and a headline that does not say it was stopped gets it added. A run
   * that finished anyway (the Stop came after its last step) keeps its own words.
   */
  public Outcome stoppedBy(String who) {
    if (succeeded) {
      return this;
    }
    String by = "stopped by " + who;
    String text =
        headline.contains("stopped on request")
            ? headline.replace("stopped on request", by)
            : headline + " (" + by + ")";
    return new Outcome(succeeded, changed, harmful, text, evidence, details, who);
  }

  /** An evidence line "before → after". */
  public static Field change(String name, Object before, Object after) {
    return new Field(name, before + " → " + after, true);
  }
}
