package dev.incidentbot.recovery;

import dev.incidentbot.chat.Field;
import java.util.List;
import java.util.Objects;

/**
 * What came of running a plan, with the evidence that it worked (or how far it got).
 *
 * @param succeeded whether the action did what the plan said
 * @param headline one line: "removed 51,873 keys", "BGSAVE failed: …"
 * @param evidence before → after measurements, in order
 * @param details longer text such as captured output, or ""
 */
public record Outcome(boolean succeeded, String headline, List<Field> evidence, String details) {

  public Outcome {
    Objects.requireNonNull(headline, "headline");
    evidence = List.copyOf(evidence);
    details = details == null ? "" : details;
  }

  public static Outcome success(String headline, List<Field> evidence) {
    return new Outcome(true, headline, evidence, "");
  }

  public static Outcome failure(String headline, List<Field> evidence) {
    return new Outcome(false, headline, evidence, "");
  }

  public Outcome withDetails(String text) {
    return new Outcome(succeeded, headline, evidence, text);
  }

  /** An evidence line "before → after". */
  public static Field change(String name, Object before, Object after) {
    return new Field(name, before + " → " + after, true);
  }
}
