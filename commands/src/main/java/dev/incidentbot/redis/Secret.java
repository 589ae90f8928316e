package dev.incidentbot.redis;

import java.util.Objects;

/**
 * A password from configuration. Its {@link #toString()} never shows it, so a target printed in a
 * log line or an exception message keeps it secret.
 *
 * @param value the password itself, for the driver only
 */
public record Secret(String value) {
  public Secret {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return "***";
  }
}
