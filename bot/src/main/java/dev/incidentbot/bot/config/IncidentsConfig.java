package dev.incidentbot.bot.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code incidents:} as written in the YAML file; {@link IncidentsConfigValidator} checks it.
 *
 * <pre>
 * incidents:
 *   system: SmartBeak            # named in the subject; default: each incident's title
 *   roles: { declare: commander, update: commander, resolve: commander, assign: commander }
 *   reminders: { P0: 15m, P1: 30m, P2: 60m }
 *   snooze: 15m
 *   templates: /etc/redis-incident-bot/templates   # overrides of templates/*.mustache
 *   webhooks:
 *     - name: statuspage
 *       url: https://hooks.example.com/incident
 *       format: json                # or slack
 *       timeout: 5s
 * </pre>
 */
public record IncidentsConfig(
    String system,
    Roles roles,
    Map<String, Duration> reminders,
    Duration snooze,
    String templates,
    List<Webhook> webhooks) {

  /** {@code incidents.roles:}: the bot role each action needs. */
  public record Roles(String declare, String update, String resolve, String assign) {}

  /** One entry under {@code incidents.webhooks:}. */
  public record Webhook(
      @JsonProperty(required = true) String name,
      @JsonProperty(required = true) String url,
      String format,
      Duration timeout) {}
}
