package dev.incidentbot.chat;

import java.util.List;
import java.util.Objects;

/**
 * One option of a command.
 *
 * @param name option name as typed ({@code target} in {@code target:cache})
 * @param description one line for help and Discord's option hint
 * @param type the kind of value
 * @param required whether the command cannot run without it
 * @param choices allowed values; empty for any
 * @param completesTargets whether adapters should suggest configured target names
 * @param min the smallest value an {@link Type#INTEGER} option takes
 * @param max the largest value an {@link Type#INTEGER} option takes; the router refuses a value
 *     outside {@code min..max} before the command runs, and Discord's client enforces it too
 */
public record OptionSpec(
    String name,
    String description,
    Type type,
    boolean required,
    List<String> choices,
    boolean completesTargets,
    long min,
    long max) {

  /** The kinds of option value; adapters map them to their platform's option types. */
  public enum Type {
    STRING,
    INTEGER,
    BOOLEAN,
    /**
     * A member of the chat: adapters offer a member picker and pass the choice as {@code name|id}
     * (see {@link UserRef}); the console takes a configured user name.
     */
    USER
  }

  public OptionSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(type, "type");
    choices = List.copyOf(choices);
    if (min > max) {
      throw new IllegalArgumentException(name + ": min " + min + " is above max " + max);
    }
  }

  /** An option with no range (any whole number for {@link Type#INTEGER}). */
  public OptionSpec(
      String name,
      String description,
      Type type,
      boolean required,
      List<String> choices,
      boolean completesTargets) {
    this(
        name,
        description,
        type,
        required,
        choices,
        completesTargets,
        Long.MIN_VALUE,
        Long.MAX_VALUE);
  }

  public static OptionSpec text(String name, String description, boolean required) {
    return new OptionSpec(name, description, Type.STRING, required, List.of(), false);
  }

  /**
   * A whole number from {@code min} to {@code max}; the range is checked before the command runs.
   */
  public static OptionSpec integer(
      String name, String description, boolean required, long min, long max) {
    return new OptionSpec(name, description, Type.INTEGER, required, List.of(), false, min, max);
  }

  /** Whether this option's type has a range narrower than any long. */
  public boolean hasRange() {
    return min != Long.MIN_VALUE || max != Long.MAX_VALUE;
  }

  public static OptionSpec choice(
      String name, String description, boolean required, List<String> choices) {
    return new OptionSpec(name, description, Type.STRING, required, choices, false);
  }

  /** A person, read with {@link UserRef#parse}. */
  public static OptionSpec user(String name, String description, boolean required) {
    return new OptionSpec(name, description, Type.USER, required, List.of(), false);
  }

  /** The usual {@code target} option, completed from configured target names. */
  public static OptionSpec target(boolean required) {
    return new OptionSpec(
        "target", "configured Redis target", Type.STRING, required, List.of(), true);
  }
}
