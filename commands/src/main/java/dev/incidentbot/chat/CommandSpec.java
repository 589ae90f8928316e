package dev.incidentbot.chat;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a command is called, who may run it and which options it takes.
 *
 * @param name one or two lowercase words: "help", "redis health"
 * @param description one line for help
 * @param requiredRole the {@link Roles} role needed to run it
 * @param options its options, in order
 * @param hidden reachable only through buttons (like "confirm"), never listed or registered
 */
public record CommandSpec(
    String name,
    String description,
    String requiredRole,
    List<OptionSpec> options,
    boolean hidden) {

  private static final Pattern NAME =
      Pattern.compile("[a-z][a-z0-9-]{0,31}( [a-z][a-z0-9-]{0,31})?");

  public CommandSpec {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("bad command name '" + name + "'");
    }
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(requiredRole, "requiredRole");
    options = List.copyOf(options);
  }

  public static CommandSpec of(
      String name, String description, String requiredRole, OptionSpec... options) {
    return new CommandSpec(name, description, requiredRole, List.of(options), false);
  }

  public static CommandSpec hidden(String name, String requiredRole, OptionSpec... options) {
    return new CommandSpec(name, "", requiredRole, List.of(options), true);
  }

  /** The first word: the Discord top-level command ("redis" for "redis health"). */
  public String group() {
    int space = name.indexOf(' ');
    return space < 0 ? name : name.substring(0, space);
  }

  /** The second word, or null for one-word commands. */
  public String subcommand() {
    int space = name.indexOf(' ');
    return space < 0 ? null : name.substring(space + 1);
  }

  /** How to type it: {@code /redis health [target:<target>]}. */
  public String usage() {
    var sb = new StringBuilder("/").append(name);
    for (OptionSpec o : options) {
      String value = o.choices().isEmpty() ? "<" + o.name() + ">" : String.join("|", o.choices());
      sb.append(' ').append(o.required() ? "" : "[").append(o.name()).append(':').append(value);
      sb.append(o.required() ? "" : "]");
    }
    return sb.toString();
  }
}
