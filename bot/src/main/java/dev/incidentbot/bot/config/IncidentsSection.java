package dev.incidentbot.bot.config;

import dev.incidentbot.incident.IncidentSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The validated {@code incidents:} section.
 *
 * @param behaviour roles, reminder intervals, snooze and system name for the incident commands
 * @param templates the operators' template directory, or null for the built-in templates only
 * @param webhooks where status updates are POSTed besides the stakeholder channel
 */
public record IncidentsSection(
    IncidentSettings behaviour, Path templates, List<StakeholderWebhook> webhooks) {

  public static final IncidentsSection DEFAULTS =
      new IncidentsSection(IncidentSettings.DEFAULTS, null, List.of());

  public IncidentsSection {
    Objects.requireNonNull(behaviour, "behaviour");
    webhooks = List.copyOf(webhooks);
  }
}
