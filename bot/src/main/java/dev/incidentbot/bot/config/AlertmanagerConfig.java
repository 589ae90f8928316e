package dev.incidentbot.bot.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * One entry under {@code alerts.alertmanagers:} as written in the YAML file: where the bot silences
 * alerts. Secrets come from the environment ({@code bearerToken: ${ALERTMANAGER_TOKEN}}) and never
 * appear in {@link #toString()}. {@link AlertsConfigValidator} checks it into an {@link
 * AlertmanagerEndpoint}.
 *
 * @param name how messages name it (default: its host and port)
 * @param url its base URL ({@code http://alertmanager:9093}, or Grafana's {@code
 *     http://grafana:3000})
 * @param pathPrefix put before {@code /api/v2/…}: {@code /api/alertmanager/grafana} for Grafana's
 *     Alertmanager-compatible API; default none
 * @param bearerToken sent as {@code Authorization: Bearer …}, or null
 * @param basicAuth sent as {@code Authorization: Basic …}, or null
 * @param timeout per call (default 5 s)
 */
public record AlertmanagerConfig(
    String name,
    @JsonProperty(required = true) String url,
    String pathPrefix,
    String bearerToken,
    BasicAuth basicAuth,
    Duration timeout) {

  /** {@code basicAuth:} with a user name and a password. */
  public record BasicAuth(
      @JsonProperty(required = true) String username,
      @JsonProperty(required = true) String password) {
    @Override
    public String toString() {
      return "BasicAuth[username=" + username + ", password=(set)]";
    }
  }

  @Override
  public String toString() {
    return "AlertmanagerConfig[name="
        + name
        + ", url="
        + url
        + ", pathPrefix="
        + pathPrefix
        + ", auth="
        + (bearerToken != null ? "bearer (set)" : basicAuth != null ? "basic (set)" : "none")
        + ", timeout="
        + timeout
        + "]";
  }
}
