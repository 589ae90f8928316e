package dev.incidentbot.bot.config;

import dev.incidentbot.alert.AlertSettings;
import dev.incidentbot.alert.TargetMatcher;
import java.util.List;
import java.util.Optional;

/**
 * The validated {@code alerts:} section.
 *
 * @param intake how intake behaves (windows, roles, senders, auto-declare, workers)
 * @param matchers label matchers mapping alerts to targets, in file order
 * @param targetLabel the label that names a target directly ("redis_target")
 * @param token the bearer token the Alertmanager webhook must send, or null: webhook off
 */
public record AlertsSection(
    AlertSettings intake, List<TargetMatcher> matchers, String targetLabel, String token) {

  public static final String DEFAULT_TARGET_LABEL = "redis_target";

  public AlertsSection {
    matchers = List.copyOf(matchers);
  }

  /** No {@code alerts:} section: defaults, no chat senders, webhook off. */
  public static AlertsSection defaults() {
    return new AlertsSection(AlertSettings.defaults(), List.of(), DEFAULT_TARGET_LABEL, null);
  }

  public Optional<String> webhookToken() {
    return Optional.ofNullable(token);
  }

  @Override
  public String toString() {
    return "AlertsSection[intake="
        + intake
        + ", matchers="
        + matchers
        + ", targetLabel="
        + targetLabel
        + ", token="
        + (token == null ? "none" : "(set)")
        + "]";
  }
}
