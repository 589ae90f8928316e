package dev.incidentbot.chat;

import java.util.List;
import java.util.Objects;

/**
 * One field of a {@link Form}.
 *
 * @param option the option name the answer is submitted as
 * @param label what the person reads above the field (at most {@value #MAX_LABEL} characters)
 * @param multiline a paragraph rather than one line
 * @param required whether the form cannot be submitted without it
 * @param value the prefilled value, or empty
 * @param maxLength the longest answer accepted (at most {@value #MAX_LENGTH})
 * @param choices the allowed answers, or empty for free text; adapters may show a select menu, or a
 *     text field whose placeholder lists them (the command checks the answer either way)
 */
public record FormField(
    String option,
    String label,
    boolean multiline,
    boolean required,
    String value,
    int maxLength,
    List<String> choices) {
  public static final int MAX_LABEL = 45;
  public static final int MAX_LENGTH = 4000;

  public FormField {
    Objects.requireNonNull(option, "option");
    Objects.requireNonNull(label, "label");
    if (label.isBlank() || label.length() > MAX_LABEL) {
      throw new IllegalArgumentException("field label must be 1-" + MAX_LABEL + " characters");
    }
    if (maxLength < 1 || maxLength > MAX_LENGTH) {
      throw new IllegalArgumentException("maxLength must be 1-" + MAX_LENGTH);
    }
    value = value == null ? "" : value;
    value = Ellipsis.prefix(value, maxLength);
    choices = List.copyOf(choices);
  }

  /** A one-line text field. */
  public static FormField line(String option, String label, String value, int maxLength) {
    return new FormField(option, label, false, false, value, maxLength, List.of());
  }

  /** A paragraph field. */
  public static FormField paragraph(String option, String label, String value, int maxLength) {
    return new FormField(option, label, true, false, value, maxLength, List.of());
  }

  /** A field whose answer must be one of {@code choices}. */
  public static FormField choice(String option, String label, String value, List<String> choices) {
    int longest = choices.stream().mapToInt(String::length).max().orElse(1);
    return new FormField(option, label, false, true, value, longest, choices);
  }
}
