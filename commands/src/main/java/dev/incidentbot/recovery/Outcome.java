package dev.incidentbot.recovery;

import dev.incidentbot.chat.Field;
import java.util.List;
import java.util.Objects;

/**
 * What came of running a plan, with the evidence that it worked (or how far it got).
 *
 * @param succeeded whether the action did what the plan said
 * @param changed whether the action changed (or may have changed) something on the target: true for
 *     every success and for a failure after it started (a stopped purge, a failed CONFIG REWRITE
 *     after CONFIG SET); false only when it is known that nothing was changed. Follow-up checks are
 *     scheduled when it is true.
 * @param headline one line: "removed 51,873 keys", "BGSAVE failed: …"
 * @param evidence before → after measurements, in order
 * @param details longer text such as captured output, or ""
 */
public record Outcome(
    boolean succeeded, boolean changed, String headline, List<Field> evidence, String details) {

  public Outcome {
    Objects.requireNonNull(headline, "headline");
    evidence = List.copyOf(evidence);
    details = details == null ? "" : details;
    if (succeeded && !changed) {
      throw new IllegalArgumentException("a successful outcome changed something");
    }
  }

  public static Outcome success(String headline, List<Field> evidence) {
    return new Outcome(true, true, headline, evidence, "");
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

  public Outcome withDetails(String text) {
    return new Outcome(succeeded, changed, headline, evidence, text);
  }

  /** An evidence line "before → after". */
  public static Field change(String name, Object before, Object after) {
    return new Field(name, before + " → " + after, true);
  }
}
