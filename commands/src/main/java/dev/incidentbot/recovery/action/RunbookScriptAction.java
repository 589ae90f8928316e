package dev.incidentbot.recovery.action;

import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.format.Durations;
import dev.incidentbot.recovery.Interruption;
import dev.incidentbot.recovery.Outcome;
import dev.incidentbot.recovery.Plan;
import dev.incidentbot.recovery.RecoveryAction;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /runbook run script:<name> [params:key=value …]}: runs a script declared in the
 * configuration, confirmed like any other action. The executable and arguments are fixed; the only
 * input is a choice among each parameter's declared values. Output (stdout and stderr) is captured,
 * up to {@link #MAX_OUTPUT} characters (the start and the end are kept). On timeout or Stop the
 * script and its child processes are killed.
 */
public final class RunbookScriptAction implements RecoveryAction {
  /** How much output is kept for the outcome. */
  static final int MAX_OUTPUT = 64 * 1024;

  /** Plan target of scripts that concern no Redis target. */
  static final String NO_TARGET = "(no target)";

  private static final Logger log = LoggerFactory.getLogger(RunbookScriptAction.class);
  private static final long POLL_MILLIS = 100;

  private final Map<String, RunbookScript> scripts = new LinkedHashMap<>();

  public RunbookScriptAction(List<RunbookScript> all) {
    all.forEach(s -> scripts.put(s.name(), s));
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "runbook run",
        "run a runbook script declared in the configuration, after confirmation",
        Roles.OPERATOR,
        OptionSpec.choice("script", "configured script", true, List.copyOf(scripts.keySet())),
        OptionSpec.text("params", "its parameters as name=value, like region=eu", false));
  }

  @Override
  public String lockKey(Plan plan) {
    return NO_TARGET.equals(plan.target())
        ? "script:" + plan.param("script")
        : RecoveryAction.super.lockKey(plan);
  }

  @Override
  public Plan plan(Request request) {
    RunbookScript script = script(request.requireOption("script"));
    Map<String, String> values = values(script, request.option("params").orElse(""));
    var plan =
        Plan.builder(spec().name(), script.target() == null ? NO_TARGET : script.target(), null)
            .param("script", script.name())
            .willRun(String.join(" ", script.commandLine(values)))
            .willRun(
                "in "
                    + (script.workdir() == null ? "the bot's directory" : script.workdir())
                    + ", killed after "
                    + Durations.format(script.timeout())
                    + "; output captured")
            .effect(script.description().isEmpty() ? "runs " + script.name() : script.description())
            .risk(
                script.risk(), "declared " + script.risk().label() + " risk in the configuration");
    values.forEach((k, v) -> plan.param("param." + k, v));
    return plan.build();
  }

  @Override
  public Outcome execute(Plan plan, Progress progress) {
    RunbookScript script = script(plan.param("script"));
    var values = new LinkedHashMap<String, String>();
    plan.params()
        .forEach(
            (k, v) -> {
              if (k.startsWith("param.")) {
                values.put(k.substring("param.".length()), v);
              }
            });
    checkValues(script, values);
    List<String> line = script.commandLine(values);
    var builder = new ProcessBuilder(line).redirectErrorStream(true);
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    if (script.workdir() != null) {
      builder.directory(script.workdir().toFile());
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UserFacingException(
          "Script " + script.name() + " could not start: " + e.getMessage() + ". Nothing ran.");
    }
    log.info("target {}: started script {} (pid {})", plan.target(), script.name(), process.pid());
    var output = new Output(process.getInputStream());
    output.start();
    long start = System.nanoTime();
    String ended = waitFor(process, script, progress, start);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    output.finish();
    List<Field> evidence =
        List.of(
            new Field(
                "Exit code", ended == null ? String.valueOf(process.exitValue()) : "killed", true),
            new Field("Took", Durations.format(took), true),
            new Field("Output", output.size() + " characters", true));
    String text = output.text().isBlank() ? "(no output)" : output.text();
    log.info(
        "target {}: script {} ended: {}",
        plan.target(),
        script.name(),
        ended == null ? "exit " + process.exitValue() : ended);
    if (ended != null) {
      return Outcome.failure(script.name() + " " + ended, evidence).withDetails(text);
    }
    if (process.exitValue() != 0) {
      return Outcome.failure(script.name() + " exited with code " + process.exitValue(), evidence)
          .withDetails(text);
    }
    return Outcome.success(script.name() + " finished (exit code 0)", evidence).withDetails(text);
  }

  /**
   * A script's end cannot be measured from outside: it was started by the process that stopped and
   * may still be running on that host, or have been killed with it.
   */
  @Override
  public Interruption measureAfterInterruption(Plan plan) {
    return Interruption.unknown(
        "how "
            + plan.param("script")
            + " ended is unknown: it may still be running on the bot's host, or have been killed"
            + " with the bot; check its own log or output before running it again");
  }

  /** Null when the process exited on its own, else why it was killed. */
  private static String waitFor(
      Process process, RunbookScript script, Progress progress, long start) {
    long deadline = start + script.timeout().toNanos();
    try {
      while (!process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        if (progress.stopRequested()) {
          kill(process);
          return "was killed on request";
        }
        if (System.nanoTime() > deadline) {
          kill(process);
          return "ran longer than its "
              + Durations.format(script.timeout())
              + " timeout and was killed";
        }
        progress.update(
            Reply.builder("Running " + script.name())
                .text(
                    "running for " + Durations.format(Duration.ofNanos(System.nanoTime() - start)))
                .build());
      }
      return null;
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      return "was killed because the bot is shutting down";
    }
  }

  /** Ends the script, then its children (collected first: once it is gone they are orphans). */
  private static void kill(Process process) {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    children.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private RunbookScript script(String name) {
    RunbookScript script = scripts.get(name);
    if (script == null) {
      throw new UserFacingException(
          "script:"
              + name
              + " is not configured; known: "
              + (scripts.isEmpty() ? "none" : String.join(", ", scripts.keySet()))
              + ".");
    }
    return script;
  }

  /** Parses {@code a=1 b=2} (spaces or commas) and checks it against the script's parameters. */
  static Map<String, String> values(RunbookScript script, String text) {
    var values = new LinkedHashMap<String, String>();
    for (String part : text.strip().split("[\\s,]+")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new UserFacingException(
            "params: '" + part + "' is not name=value; write them like region=eu.");
      }
      if (values.put(part.substring(0, eq), part.substring(eq + 1)) != null) {
        throw new UserFacingException("params: " + part.substring(0, eq) + " is given twice.");
      }
    }
    checkValues(script, values);
    return values;
  }

  private static void checkValues(RunbookScript script, Map<String, String> values) {
    for (String given : values.keySet()) {
      if (!script.params().containsKey(given)) {
        throw new UserFacingException(
            script.name()
                + " has no parameter "
                + given
                + (script.params().isEmpty()
                    ? "; it takes none."
                    : "; it takes " + String.join(", ", script.params().keySet()) + "."));
      }
    }
    for (var p : script.params().entrySet()) {
      String value = values.get(p.getKey());
      if (value == null) {
        throw new UserFacingException(
            script.name()
                + " needs params:"
                + p.getKey()
                + "=<"
                + String.join("|", p.getValue())
                + ">.");
      }
      if (!p.getValue().contains(value)) {
        throw new UserFacingException(
            p.getKey() + "=" + value + " is not one of " + String.join(", ", p.getValue()) + ".");
      }
    }
  }

  /** Reads a process's output on its own thread, keeping the first and last part. */
  private static final class Output extends Thread {
    private final InputStream in;
    private final StringBuilder head = new StringBuilder();
    private final StringBuilder tail = new StringBuilder();
    private long total;

    Output(InputStream in) {
      super("script-output");
      setDaemon(true);
      this.in = in;
    }

    @Override
    public void run() {
      byte[] buf = new byte[8192];
      try (in) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
      } catch (IOException ignored) {
        // the process was killed; keep what was read
      }
    }

    private synchronized void append(String s) {
      total += s.length();
      if (head.length() < MAX_OUTPUT / 2) {
        int room = MAX_OUTPUT / 2 - head.length();
        head.append(s, 0, Math.min(room, s.length()));
        s = s.substring(Math.min(room, s.length()));
      }
      tail.append(s);
      if (tail.length() > MAX_OUTPUT / 2) {
        tail.delete(0, tail.length() - MAX_OUTPUT / 2);
      }
    }

    void finish() {
      try {
        join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    synchronized long size() {
      return total;
    }

    synchronized String text() {
      long dropped = total - head.length() - tail.length();
      return dropped > 0
          ? head + "\n… (" + dropped + " characters left out) …\n" + tail
          : head.toString() + tail;
    }
  }
}
