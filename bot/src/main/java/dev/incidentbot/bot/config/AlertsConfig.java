package dev.incidentbot.bot.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code alerts:} as written in the YAML file; see config.example.yml. {@link
 * AlertsConfigValidator} checks it into {@link AlertsSection}.
 */
public record AlertsConfig(
    List<String> senders,
    List<Matcher> targets,
    String targetLabel,
    Duration triageWindow,
    Duration updateWindow,
    Duration retryWindow,
    String severityLabel,
    Map<String, String> autoDeclare,
    String token,
    List<String> roles,
    Integer workers,
    Integer queue,
    List<AlertmanagerConfig> alertmanagers,
    Duration silenceWarning) {

  /** One entry under {@code alerts.targets:}: alerts whose labels match go to {@code target}. */
  public record Matcher(
      @JsonProperty(required = true) String target,
      @JsonProperty(required = true) Map<String, String> labels) {}

  @Override
  public String toString() {
    return "AlertsConfig[senders="
        + senders
        + ", token="
        + (token == null ? "none" : "(set)")
        + "]";
  }
}
