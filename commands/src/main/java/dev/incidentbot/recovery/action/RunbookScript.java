package dev.incidentbot.recovery.action;

import dev.incidentbot.recovery.Risk;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A runbook script declared in the configuration ({@code scripts:}), such as restarting a dependent
 * service: a fixed executable and arguments, where {@code {name}} placeholders take one of the
 * declared values of a parameter — never free text, and never through a shell.
 *
 * @param name what people type ({@code script:restart-worker})
 * @param description one line for the plan
 * @param command the absolute path of the executable, then its arguments
 * @param params each parameter's allowed values, in declaration order
 * @param timeout how long it may run before it is killed
 * @param workdir the directory it runs in, or null for the bot's
 * @param target the Redis target it concerns (locks and timeline), or null
 * @param risk how risky running it is
 */
public record RunbookScript(
    String name,
    String description,
    List<String> command,
    Map<String, List<String>> params,
    Duration timeout,
    Path workdir,
    String target,
    Risk risk) {

  /** {@code {name}} inside an argument. */
  public static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z0-9_]{0,31})}");

  public RunbookScript {
    Objects.requireNonNull(name, "name");
    description = description == null ? "" : description;
    command = List.copyOf(command);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("a script needs a command");
    }
    params = Map.copyOf(params);
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(risk, "risk");
  }

  /** The command line with every placeholder replaced by its (already allowed) value. */
  public List<String> commandLine(Map<String, String> values) {
    return command.stream()
        .map(
            arg -> {
              Matcher m = PLACEHOLDER.matcher(arg);
              var sb = new StringBuilder();
              while (m.find()) {
                m.appendReplacement(sb, Matcher.quoteReplacement(values.get(m.group(1))));
              }
              m.appendTail(sb);
              return sb.toString();
            })
        .toList();
  }
}
