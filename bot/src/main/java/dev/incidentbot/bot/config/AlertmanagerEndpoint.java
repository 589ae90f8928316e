package dev.incidentbot.bot.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * A validated Alertmanager the bot silences alerts in.
 *
 * @param name how messages name it
 * @param api the URL that {@code silences}, {@code alerts} and {@code silence/{id}} are resolved
 *     against: the base URL, the path prefix and {@code /api/v2/}
 * @param authorization the {@code Authorization} header's value, or null; never shown
 * @param timeout per call
 */
public record AlertmanagerEndpoint(String name, URI api, String authorization, Duration timeout) {

  public AlertmanagerEndpoint {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(timeout, "timeout");
  }

  @Override
  public String toString() {
    return "AlertmanagerEndpoint[name="
        + name
        + ", api="
        + api
        + ", authorization="
        + (authorization == null ? "none" : "(set)")
        + ", timeout="
        + timeout
        + "]";
  }
}
