package dev.incidentbot.bot.http;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * One thing {@code /healthz} checks: "database", "discord", "scheduler". The check must answer
 * within a couple of seconds and may be called on any thread.
 */
public record HealthProbe(String name, BooleanSupplier check) {
  public HealthProbe {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(check, "check");
  }
}
