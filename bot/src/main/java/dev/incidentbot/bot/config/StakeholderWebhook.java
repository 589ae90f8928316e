package dev.incidentbot.bot.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * A validated stakeholder webhook: every status update is POSTed to it.
 *
 * @param name short name for logs
 * @param url http or https address; may carry a secret token, so it is never logged whole
 * @param format the body's shape
 * @param timeout how long one delivery may take
 */
public record StakeholderWebhook(String name, URI url, Format format, Duration timeout) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /** The body's shape. */
  public enum Format {
    /** {@code {"subject", "text", "incident": {...}, "update": {...}}}. */
    JSON,
    /** Slack's incoming-webhook {@code {"text"}}, escaped so nothing in it can mention anyone. */
    SLACK
  }

  public StakeholderWebhook {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(timeout, "timeout");
  }

  /** The address without path or query, which may hold secrets: {@code https://hooks.slack.com}. */
  public String safeAddress() {
    return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
  }

  @Override
  public String toString() {
    return "StakeholderWebhook[" + name + ", " + safeAddress() + ", " + format + "]";
  }
}
