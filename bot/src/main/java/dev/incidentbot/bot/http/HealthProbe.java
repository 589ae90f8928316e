package dev.incidentbot.bot.http;

import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One thing {@code /healthz} checks: "database", "discord", "scheduler". The check must answer
 * within a couple of seconds and may be called on any thread. A probe made with {@link #explained}
 * also says why it is down ("No space left on device writing data/bot.mv.db"); the reason must not
 * hold secrets.
 *
 * @param problem why the probe is down, empty when up; null for a plain up/down probe
 */
public record HealthProbe(String name, BooleanSupplier check, Supplier<Optional<String>> problem) {
  public HealthProbe {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(check, "check");
  }

  /** A probe that answers only up or down. */
  public HealthProbe(String name, BooleanSupplier check) {
    this(name, check, null);
  }

  /** A probe that is up when {@code problem} is empty and otherwise says why it is down. */
  public static HealthProbe explained(String name, Supplier<Optional<String>> problem) {
    Objects.requireNonNull(problem, "problem");
    return new HealthProbe(name, () -> problem.get().isEmpty(), problem);
  }

  /** What one run of the probe found. */
  public record Status(boolean up, Optional<String> reason) {}

  /**
   * Runs the probe once: a check that throws is down, with the exception's message as the reason
   * when the probe explains itself.
   */
  public Status status() {
    try {
      if (problem == null) {
        return new Status(check.getAsBoolean(), Optional.empty());
      }
      Optional<String> why = problem.get();
      return new Status(why.isEmpty(), why);
    } catch (RuntimeException e) {
      return new Status(
          false, problem == null ? Optional.empty() : Optional.of(String.valueOf(e.getMessage())));
    }
  }
}
