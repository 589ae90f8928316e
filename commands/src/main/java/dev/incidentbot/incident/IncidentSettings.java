package dev.incidentbot.incident;

import dev.incidentbot.chat.Roles;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How incidents behave, from the {@code incidents:} section of the configuration.
 *
 * @param system the system named in the subject ({@code [INCIDENT] Redis Service Disruption -
 *     SmartBeak}); empty to use each incident's title
 * @param declareRole the role needed to declare
 * @param updateRole the role needed to post updates (and snooze reminders)
 * @param resolveRole the role needed to resolve
 * @param assignRole the role needed to hand an incident to another commander
 * @param reminders how long without a stakeholder update before the commander is reminded, by
 *     severity
 * @param snooze how long "Snooze" puts a reminder off
 */
public record IncidentSettings(
    String system,
    String declareRole,
    String updateRole,
    String resolveRole,
    String assignRole,
    Map<IncidentSeverity, Duration> reminders,
    Duration snooze) {

  public static final Map<IncidentSeverity, Duration> DEFAULT_REMINDERS =
      Map.of(
          IncidentSeverity.P0, Duration.ofMinutes(15),
          IncidentSeverity.P1, Duration.ofMinutes(30),
          IncidentSeverity.P2, Duration.ofMinutes(60));
  public static final Duration DEFAULT_SNOOZE = Duration.ofMinutes(15);

  /** Commander role for everything, default reminder intervals, the title as the system. */
  public static final IncidentSettings DEFAULTS =
      new IncidentSettings(
          "",
          Roles.COMMANDER,
          Roles.COMMANDER,
          Roles.COMMANDER,
          Roles.COMMANDER,
          DEFAULT_REMINDERS,
          DEFAULT_SNOOZE);

  public IncidentSettings {
    system = system == null ? "" : system.strip();
    Objects.requireNonNull(declareRole, "declareRole");
    Objects.requireNonNull(updateRole, "updateRole");
    Objects.requireNonNull(resolveRole, "resolveRole");
    Objects.requireNonNull(assignRole, "assignRole");
    var all = new EnumMap<IncidentSeverity, Duration>(DEFAULT_REMINDERS);
    all.putAll(reminders);
    reminders = Map.copyOf(all);
    Objects.requireNonNull(snooze, "snooze");
  }

  /** How often the commander of a {@code severity} incident must update stakeholders. */
  public Duration reminderInterval(IncidentSeverity severity) {
    return reminders.get(severity);
  }

  /** These settings with other reminder intervals (tests use seconds). */
  public IncidentSettings withReminders(Map<IncidentSeverity, Duration> intervals, Duration snz) {
    return new IncidentSettings(
        system, declareRole, updateRole, resolveRole, assignRole, intervals, snz);
  }

  /** The system the subject names for {@code incident}. */
  public String systemFor(Incident incident) {
    return system.isEmpty() ? incident.title() : system;
  }
}
