package dev.incidentbot.redis.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the slow-server causes (C) say: the verdict, the sentence with its evidence, and the next
 * steps for the command that blocks the server. {@link Causes} decides which cause applies and
 * measures the evidence; this class only words it. Pure: no I/O.
 */
final class SlowWording {
  private static final String NO_SUSPECT = "the host or the network";

  private SlowWording() {}

  /**
   * Slow probes with no single slow command to blame.
   *
   * @param who the server, as sentences name it
   * @param latency what the latency probes measured
   * @param explanation what on the server explains the stalls, if anything does
   */
  static Cause stalls(String who, String latency, Optional<String> explanation) {
    return new Cause(
        Cause.Kind.STALLS,
        Scenario.SLOW,
        "C: slow — stalls",
        who
            + " is slow: probes at random moments waited "
            + latency
            + ", with no single slow command to blame: "
            + explanation.orElse(NO_SUSPECT)
            + ".",
        List.of(
            "Look at the host: CPU steal, swap (si/so in vmstat), and the Redis log for fork"
                + " or save times.",
            "/redis latency and /redis slowlog for spikes the server recorded itself.",
            "If a background save or AOF rewrite forks a large dataset, move saves to a"
                + " replica or a quieter time."));
  }

  /**
   * One command blocks the server.
   *
   * @param who the server, as sentences name it
   * @param top the command and what it cost during the window
   * @param percent how much of the window went to it, 0 to 100
   * @param window the window's length as people read it ("0.5 s")
   * @param latency what the latency probes measured
   */
  static Cause blockedBy(
      String who, Window.CommandCost top, double percent, String window, String latency) {
    String name = top.command().toUpperCase(Locale.ROOT);
    return new Cause(
        Cause.Kind.SLOW_COMMANDS,
        Scenario.SLOW,
        "C: slow — " + name + " blocks the server",
        who
            + " is slow because "
            + name
            + " blocks it: "
            + String.format(Locale.ROOT, "%.0f %%", percent)
            + " of the last "
            + window
            + " went to "
            + top.describe()
            + ", and probes at random moments waited "
            + latency
            + ".",
        steps(top.command(), name));
  }

  private static List<String> steps(String command, String name) {
    var steps = new ArrayList<String>();
    steps.add(
        "Find the client sending "
            + name
            + ": /redis slowlog shows the calls and their clients; stop it at the application,"
            + " or disconnect it with /redis kill-clients.");
    steps.add(remedy(command, name));
    steps.add("/redis latency and /redis health again once it stopped.");
    return steps;
  }

  /** What to change about the command itself, for the commands that have a better way. */
  private static String remedy(String command, String name) {
    return switch (command) {
      case "keys" ->
          "KEYS walks every key while everything else waits: replace it with SCAN in the"
              + " application.";
      case "del" ->
          "DEL of a big key frees it on the main thread: use UNLINK (frees it in the"
              + " background), or set lazyfree-lazy-user-del yes.";
      case "debug" ->
          "DEBUG is an operator's command (SLEEP, RELOAD, POPULATE): find who runs it and"
              + " stop them; disable it with enable-debug-command no.";
      case "eval", "evalsha", "fcall" ->
          "A slow script blocks everything while it runs: fix or shorten it.";
      default ->
          "A slow "
              + name
              + " usually works on a big key: /redis bigkeys finds it; split it or read it in"
              + " pieces (SCAN family, ranges).";
    };
  }
}
