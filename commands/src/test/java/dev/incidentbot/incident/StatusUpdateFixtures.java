package dev.incidentbot.incident;

import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.UserRef;
import dev.incidentbot.redis.Target;
import java.time.Instant;
import java.util.List;

/**
 * What the status update tests build alike ({@code StatusUpdateRendererTest} here, the golden test
 * in the bot): the runbook's settings, a target that names the services it serves, and an incident
 * in the status of its last update.
 */
public final class StatusUpdateFixtures {
  /** The runbook's system (SmartBeak), the commander role everywhere, default reminders. */
  public static final IncidentSettings SETTINGS =
      new IncidentSettings(
          "SmartBeak",
          "commander",
          "commander",
          "commander",
          "commander",
          IncidentSettings.DEFAULT_REMINDERS,
          IncidentSettings.DEFAULT_SNOOZE);

  private StatusUpdateFixtures() {}

  /**
   * The standalone target {@code cache} on 127.0.0.1:6379, serving Publishing, Notifications and
   * Rate Limiting.
   */
  public static Target cache() {
    Target cache = Target.standalone("cache", "redis://127.0.0.1:6379");
    return new Target(
        cache.name(),
        cache.mode(),
        cache.endpoint(),
        null,
        List.of(),
        List.of("Publishing", "Notifications", "Rate Limiting"),
        cache.timeout(),
        cache.thresholds(),
        cache.protectedPatterns(),
        cache.allowPurgeOf());
  }

  /**
   * An open P1 incident in a thread of #ops, investigating until its first update and then in the
   * status of its last one.
   */
  public static Incident incident(
      String id,
      String title,
      List<String> targets,
      UserRef commander,
      Instant started,
      Instant updated,
      List<StatusUpdate> updates) {
    return new Incident(
        id,
        title,
        IncidentSeverity.P1,
        updates.isEmpty() ? IncidentStatus.INVESTIGATING : updates.get(updates.size() - 1).status(),
        targets,
        commander,
        Place.channel("ops").inThread("t1"),
        started,
        updated,
        null,
        updates);
  }
}
