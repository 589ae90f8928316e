package dev.incidentbot.bot.config;

import dev.incidentbot.format.Durations;
import dev.incidentbot.recovery.Risk;
import dev.incidentbot.recovery.action.RunbookScript;
import dev.incidentbot.redis.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks {@code scripts:} entry by entry, with the path to each bad field: the executable must be
 * an absolute path to an existing executable file, placeholders must name declared parameters,
 * parameter values must be plain words, the working directory must exist, the target must be
 * configured.
 */
final class ScriptsValidator {
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration MAX_TIMEOUT = Duration.ofMinutes(30);
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
  private static final Pattern PARAM = Pattern.compile("[a-z][a-z0-9_]{0,31}");
  private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._:@-]{1,64}");

  private final String source;
  private final List<Target> targets;

  ScriptsValidator(String source, List<Target> targets) {
    this.source = source;
    this.targets = targets;
  }

  List<RunbookScript> validate(List<ScriptConfig> scripts) throws ConfigException {
    if (scripts == null) {
      return List.of();
    }
    var out = new ArrayList<RunbookScript>();
    var seen = new HashMap<String, Integer>();
    for (int i = 0; i < scripts.size(); i++) {
      String path = "scripts[" + i + "]";
      ScriptConfig s = scripts.get(i);
      if (s == null) {
        throw new ConfigException(source, path, "empty entry; a script needs name: and command:");
      }
      if (!NAME.matcher(s.name()).matches()) {
        throw new ConfigException(
            source,
            path + ".name",
            "'" + s.name() + "' is not a valid name; use lowercase letters, digits, - and _");
      }
      Integer previous = seen.putIfAbsent(s.name(), i);
      if (previous != null) {
        throw new ConfigException(
            source,
            path + ".name",
            "duplicate script name '" + s.name() + "' (also scripts[" + previous + "])");
      }
      out.add(script(path, s));
    }
    return out;
  }

  private RunbookScript script(String path, ScriptConfig s) throws ConfigException {
    Map<String, List<String>> params = params(path, s.params());
    List<String> command = command(path, s.command(), params);
    Duration timeout = s.timeout() == null ? DEFAULT_TIMEOUT : s.timeout();
    if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw new ConfigException(
          source,
          path + ".timeout",
          "must be between 1s and 30m, not " + Durations.format(timeout));
    }
    Path workdir = null;
    if (s.workdir() != null) {
      workdir = Path.of(s.workdir());
      if (!workdir.isAbsolute() || !Files.isDirectory(workdir)) {
        throw new ConfigException(
            source,
            path + ".workdir",
            "'" + s.workdir() + "' is not an absolute path to an existing directory");
      }
    }
    if (s.target() != null && targets.stream().noneMatch(t -> t.name().equals(s.target()))) {
      throw new ConfigException(
          source,
          path + ".target",
          "'"
              + s.target()
              + "' is not a configured target; known: "
              + String.join(", ", targets.stream().map(Target::name).toList()));
    }
    Risk risk = Risk.MEDIUM;
    if (s.risk() != null) {
      try {
        risk = Risk.valueOf(s.risk().strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(
            source, path + ".risk", "'" + s.risk() + "' is not one of low, medium, high");
      }
    }
    if (s.description() != null && s.description().length() > 200) {
      throw new ConfigException(source, path + ".description", "is longer than 200 characters");
    }
    return new RunbookScript(
        s.name(), s.description(), command, params, timeout, workdir, s.target(), risk);
  }

  private Map<String, List<String>> params(String path, Map<String, List<String>> raw)
      throws ConfigException {
    var params = new LinkedHashMap<String, List<String>>();
    if (raw == null) {
      return params;
    }
    for (var e : raw.entrySet()) {
      String at = path + ".params." + e.getKey();
      if (!PARAM.matcher(e.getKey()).matches()) {
        throw new ConfigException(
            source, at, "is not a valid parameter name; use lowercase letters, digits and _");
      }
      List<String> values = e.getValue();
      if (values == null || values.isEmpty()) {
        throw new ConfigException(source, at, "list the allowed values, like [eu, us]");
      }
      for (int v = 0; v < values.size(); v++) {
        if (values.get(v) == null || !VALUE.matcher(values.get(v)).matches()) {
          throw new ConfigException(
              source,
              at + "[" + v + "]",
              "'"
                  + values.get(v)
                  + "' is not allowed; values are plain words (letters, digits, . _ : @ -)");
        }
      }
      params.put(e.getKey(), List.copyOf(values));
    }
    return params;
  }

  private List<String> command(String path, List<String> command, Map<String, List<String>> params)
      throws ConfigException {
    if (command == null || command.isEmpty()) {
      throw new ConfigException(
          source, path + ".command", "is required: [/absolute/executable, arg, ...]");
    }
    for (int a = 0; a < command.size(); a++) {
      String arg = command.get(a);
      if (arg == null) {
        throw new ConfigException(source, path + ".command[" + a + "]", "is empty");
      }
      Matcher m = RunbookScript.PLACEHOLDER.matcher(arg);
      while (m.find()) {
        if (a == 0) {
          throw new ConfigException(
              source, path + ".command[0]", "the executable cannot contain a {placeholder}");
        }
        if (!params.containsKey(m.group(1))) {
          throw new ConfigException(
              source,
              path + ".command[" + a + "]",
              "{" + m.group(1) + "} is not a declared parameter; declare it under params:");
        }
      }
    }
    Path executable = Path.of(command.get(0));
    if (!executable.isAbsolute()) {
      throw new ConfigException(
          source,
          path + ".command[0]",
          "'" + command.get(0) + "' must be an absolute path, like /usr/bin/systemctl");
    }
    if (!Files.isRegularFile(executable) || !Files.isExecutable(executable)) {
      throw new ConfigException(
          source, path + ".command[0]", "'" + command.get(0) + "' is not an executable file");
    }
    return List.copyOf(command);
  }
}
