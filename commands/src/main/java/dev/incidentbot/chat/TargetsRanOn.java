package dev.incidentbot.chat;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Which targets a request ran on, for its audit entry: those its {@code target:} option (or, for a
 * command outside the incident group, its comma-separated {@code targets:} option) names, or — when
 * a command that takes {@code target:} was given none — the configured ones: the only one, or all
 * of them (as {@code /redis health} checks them all; the other commands refuse, and refusals change
 * nothing). Empty for a command that takes no target.
 */
final class TargetsRanOn {
  private final Supplier<List<String>> configured;

  /**
   * @param configured the names of the configured targets
   */
  TargetsRanOn(Supplier<List<String>> configured) {
    this.configured = configured;
  }

  List<String> of(CommandSpec spec, Request request) {
    if (takes(spec, "target")) {
      return request.option("target").map(List::of).orElseGet(configured);
    }
    if (takes(spec, "targets") && !spec.group().equals("incident")) {
      return request
          .option("targets")
          .map(
              names -> Arrays.stream(names.split(",")).map(String::strip).filter(n -> !n.isEmpty()))
          .map(names -> names.toList())
          .orElse(List.of());
    }
    return List.of();
  }

  private static boolean takes(CommandSpec spec, String option) {
    return spec.options().stream().anyMatch(o -> o.name().equals(option));
  }
}
