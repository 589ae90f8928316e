package dev.incidentbot.bot.config;

import dev.incidentbot.alert.AlertSettings;
import dev.incidentbot.alert.TargetMatcher;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The validated {@code alerts:} section.
 *
 * @param intake how intake behaves (windows, roles, senders, auto-declare, workers)
 * @param matchers label matchers mapping alerts to targets, in file order
 * @param targetLabel the label that names a target directly ("redis_target")
 * @param token the bearer token the Alertmanager webhook must send, or null: webhook off
 * @param alertmanagers where silences are made (an HA pair: each gets the same silence); empty: no
 *     silencing from chat
 * @param silenceWarning how long before a silence ends its thread is warned while its alerts fire
 */
public record AlertsSection(
    AlertSettings intake,
    List<TargetMatcher> matchers,
    String targetLabel,
    String token,
    List<AlertmanagerEndpoint> alertmanagers,
    Duration silenceWarning) {

  public static final String DEFAULT_TARGET_LABEL = "redis_target";
  public static final Duration DEFAULT_SILENCE_WARNING = Duration.ofMinutes(10);

  public AlertsSection {
    matchers = List.copyOf(matchers);
    alertmanagers = alertmanagers == null ? List.of() : List.copyOf(alertmanagers);
    silenceWarning = silenceWarning == null ? DEFAULT_SILENCE_WARNING : silenceWarning;
  }

  /** No {@code alerts:} section: defaults, no chat senders, webhook off. */
  public static AlertsSection defaults() {
    return new AlertsSection(
        AlertSettings.defaults(), List.of(), DEFAULT_TARGET_LABEL, null, List.of(), null);
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
        + ", alertmanagers="
        + alertmanagers
        + "]";
  }
}
