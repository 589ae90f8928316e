package dev.incidentbot.chat;

import static java.util.stream.Collectors.joining;

import dev.incidentbot.audit.AuditEntry;
import dev.incidentbot.audit.AuditEntry.Outcome;
import dev.incidentbot.audit.AuditLog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each {@link Request} to the one {@link Command} with its name, after checking the caller's
 * role and the options. Every request is audited, including refusals. Names are checked when the
 * router is built: two commands with one name stop start-up.
 *
 * <p>The audit keeps one short line per refusal (at most {@value #MAX_AUDIT_DETAIL} characters); a
 * name no command has is recorded as "no such command", without the suggestions the person saw, so
 * that /audit stays about actions.
 *
 * <p>Thread-safe; {@link #dispatch} runs on the caller's thread and blocks while the command runs.
 */
public final class Router {
  private static final Logger log = LoggerFactory.getLogger(Router.class);

  /** Longest refusal reason kept in the audit log; the person asking sees all of it. */
  static final int MAX_AUDIT_DETAIL = 120;

  private final Map<String, Command> commands = new LinkedHashMap<>();
  private final Map<String, String> unavailable;
  private final AuditLog audit;
  private final TargetsRanOn ranOn;

  public Router(Collection<? extends Command> all, AuditLog audit) {
    this(all, Map.of(), audit);
  }

  /** A router that knows no targets: audit entries name only the targets their options name. */
  public Router(
      Collection<? extends Command> all, Map<String, String> unavailable, AuditLog audit) {
    this(all, unavailable, audit, List::of);
  }

  /**
   * A router that also knows commands that exist but are not set up here, such as {@code /runbook
   * run} with no scripts configured: typing one answers with its reason instead of "There is no".
   *
   * @param unavailable reason by command name, for names no command in {@code all} has
   * @param targetNames the configured targets' names: a command that takes {@code target:} and was
   *     given none ran on these (the only one, or all), and its audit entry says so
   */
  public Router(
      Collection<? extends Command> all,
      Map<String, String> unavailable,
      AuditLog audit,
      Supplier<List<String>> targetNames) {
    this.audit = audit;
    this.ranOn = new TargetsRanOn(targetNames);
    this.unavailable = Map.copyOf(unavailable);
    for (Command command : all) {
      String name = command.spec().name();
      Command previous = commands.putIfAbsent(name, command);
      if (previous != null) {
        throw new IllegalStateException(
            "two commands are named '/"
                + name
                + "': "
                + previous.getClass().getSimpleName()
                + " and "
                + command.getClass().getSimpleName());
      }
    }
    for (String name : commands.keySet()) {
      if (name.indexOf(' ') < 0
          && commands.keySet().stream().anyMatch(other -> other.startsWith(name + " "))) {
        throw new IllegalStateException(
            "'/" + name + "' is both a command and a group of subcommands");
      }
    }
  }

  /** Every command that people can type, in registration order (hidden ones left out). */
  public List<CommandSpec> specs() {
    return commands.values().stream()
        .map(Command::spec)
        .filter(spec -> !spec.hidden())
        .collect(Collectors.toUnmodifiableList());
  }

  public Optional<CommandSpec> spec(String name) {
    return Optional.ofNullable(commands.get(name)).map(Command::spec);
  }

  /** Runs the request and returns what to show; never throws. */
  public Reply dispatch(Request request, Progress progress) {
    // Long on purpose: the one path every request takes (roles, options, audit, errors), kept in
    // one place on purpose.
    Command command = commands.get(request.command());
    if (command == null) {
      String reason = unavailable(request.command());
      if (reason != null) {
        return refuse(request, reason);
      }
      record(request, Outcome.REFUSED, "no such command");
      return Reply.error(unknownCommand(request.command()));
    }
    CommandSpec spec = command.spec();
    if (!request.actor().hasRole(spec.requiredRole())) {
      return refuse(
          request,
          "/"
              + spec.name()
              + " needs the "
              + spec.requiredRole()
              + " role; you have "
              + (request.actor().roles().isEmpty()
                  ? "none"
                  : String.join(", ", request.actor().roles().stream().sorted().toList()))
              + ".");
    }
    String problem = checkOptions(spec, request.options());
    if (problem != null) {
      return refuse(request, problem + "\nUsage: " + spec.usage());
    }
    try {
      Reply reply = command.handle(request, progress);
      boolean failed = reply.severity() == Severity.CRITICAL && command.criticalReplyIsFailure();
      String unaudited = record(request, failed ? Outcome.FAILED : Outcome.OK, "");
      return unaudited == null ? reply : reply.toBuilder().line(unaudited).build();
    } catch (UserFacingException e) {
      record(request, Outcome.REFUSED, e.getMessage());
      return Reply.error(e.getMessage());
    } catch (RuntimeException e) {
      String errorId = UUID.randomUUID().toString().substring(0, 8);
      NotRecordedException notRecorded = notRecorded(e);
      if (notRecorded != null) {
        log.error("/{} could not be recorded (error id {})", request.command(), errorId, e);
        record(request, Outcome.ERROR, "not recorded, error id " + errorId);
        return Reply.error(
            "/"
                + request.command()
                + " did not complete. "
                + notRecorded.getMessage()
                + " Error id "
                + errorId
                + "; the bot's log has the details.");
      }
      log.error("/{} failed (error id {})", request.command(), errorId, e);
      record(request, Outcome.ERROR, "error id " + errorId);
      return Reply.error(
          "Sorry, /"
              + request.command()
              + " failed unexpectedly (error id "
              + errorId
              + "). The bot's log has the details.");
    }
  }

  /** The storage failure behind {@code e}, if it is one (possibly wrapped), else null. */
  private static NotRecordedException notRecorded(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof NotRecordedException n) {
        return n;
      }
    }
    return null;
  }

  private Reply refuse(Request request, String message) {
    record(request, Outcome.REFUSED, message);
    return Reply.error(message);
  }

  /**
   * Audits the request; when that fails, answers the sentence to add to the reply (the action
   * happened but the audit log does not show it), else null.
   */
  private String record(Request request, Outcome outcome, String detail) {
    try {
      audit.record(
          new AuditEntry(
              request.at(),
              request.actor().id(),
              request.actor().name(),
              request.actor().automated(),
              request.command(),
              formatOptions(request.options()),
              outcome,
              shorten(firstLine(detail)),
              ranOn(request)));
      return null;
    } catch (RuntimeException e) {
      log.error("could not write the audit entry for /{}", request.command(), e);
      NotRecordedException notRecorded = notRecorded(e);
      return notRecorded == null ? null : "Warning: " + notRecorded.getMessage();
    }
  }

  /** The targets the request ran on; none for a name no command has. */
  private List<String> ranOn(Request request) {
    Command command = commands.get(request.command());
    return command == null ? List.of() : ranOn.of(command.spec(), request);
  }

  /** Commands that exist but are not set up here, with what would set them up, by name. */
  public Map<String, String> unavailable() {
    return unavailable;
  }

  private String unavailable(String name) {
    String reason = unavailable.get(name);
    if (reason != null || name.contains(" ")) {
      return reason;
    }
    return unavailable.entrySet().stream()
        .filter(e -> e.getKey().startsWith(name + " "))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }

  /**
   * What to say about a name no command has: a group alone lists its subcommands; a typo gets the
   * closest one or two names; the whole group is listed only when nothing is close.
   */
  private String unknownCommand(String name) {
    int space = name.indexOf(' ');
    String group = space < 0 ? name : name.substring(0, space);
    List<String> subcommands = new ArrayList<>();
    for (CommandSpec spec : specs()) {
      if (spec.group().equals(group) && spec.subcommand() != null) {
        subcommands.add(spec.subcommand());
      }
    }
    if (!subcommands.isEmpty()) {
      String all = subcommands.stream().map(s -> "/" + group + " " + s).collect(joining(", "));
      if (space < 0) {
        return "/" + group + " needs a subcommand: " + all + ".";
      }
      List<String> close = Suggestions.closest(name.substring(space + 1), subcommands);
      if (close.isEmpty()) {
        return "There is no /" + name + ". /" + group + " has: " + all + ".";
      }
      return "There is no /" + name + ". " + didYouMean(close.stream().map(s -> group + " " + s));
    }
    var names = new LinkedHashSet<String>();
    specs().forEach(spec -> names.add(spec.name()));
    specs().forEach(spec -> names.add(spec.group()));
    List<String> close = Suggestions.closest(name, names);
    if (close.isEmpty()) {
      return "There is no /" + name + ". Type /help for the list of commands.";
    }
    return "There is no /" + name + ". " + didYouMean(close.stream());
  }

  private static String didYouMean(Stream<String> names) {
    return "Did you mean " + names.map(n -> "/" + n).collect(joining(" or ")) + "?";
  }

  static String checkOptions(CommandSpec spec, Map<String, String> given) {
    for (String name : given.keySet()) {
      if (spec.options().stream().noneMatch(o -> o.name().equals(name))) {
        String known =
            spec.options().isEmpty()
                ? "it takes no options"
                : "it takes "
                    + spec.options().stream()
                        .map(OptionSpec::name)
                        .collect(Collectors.joining(", "));
        return "/" + spec.name() + " has no option '" + name + "'; " + known + ".";
      }
    }
    for (OptionSpec option : spec.options()) {
      String value = given.get(option.name());
      boolean blank = value == null || value.isBlank();
      if (blank) {
        if (option.required()) {
          return "/" + spec.name() + " needs " + option.name() + ":<" + option.description() + ">.";
        }
        continue;
      }
      if (!option.choices().isEmpty() && !option.choices().contains(value.strip())) {
        return option.name()
            + ":"
            + value
            + " is not one of "
            + String.join(", ", option.choices())
            + ".";
      }
      if (option.type() == OptionSpec.Type.INTEGER) {
        String problem = outOfRange(option, value.strip());
        if (problem != null) {
          return problem;
        }
      }
      if (option.type() == OptionSpec.Type.BOOLEAN && !value.strip().matches("true|false")) {
        return option.name() + ":" + value + " must be true or false.";
      }
    }
    return null;
  }

  /** What is wrong with an integer option's value, or null when it is a number in range. */
  private static String outOfRange(OptionSpec option, String value) {
    String range =
        option.hasRange()
            ? "use " + option.min() + " to " + option.max() + "."
            : "use a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ".";
    if (!value.matches("[-+]?\\d+")) {
      return option.name() + ":" + value + " is not a whole number; " + range;
    }
    long n;
    try {
      n = Long.parseLong(value);
    } catch (NumberFormatException tooManyDigits) {
      return option.name() + ":" + value + " is out of range; " + range;
    }
    if (n < option.min() || n > option.max()) {
      return option.name() + ":" + value + " is out of range; " + range;
    }
    return null;
  }

  private static String formatOptions(Map<String, String> options) {
    return options.entrySet().stream()
        .map(e -> e.getKey() + ":" + e.getValue())
        .collect(Collectors.joining(" "));
  }

  private static String shorten(String text) {
    return Ellipsis.cut(text, MAX_AUDIT_DETAIL);
  }

  private static String firstLine(String text) {
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }
}
