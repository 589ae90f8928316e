package dev.incidentbot.followup;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A job to run later: once at {@code firstAt}, or every {@code every} from then until {@code until}
 * (null: until cancelled), or on a {@code cron} expression.
 *
 * @param type the job type, naming its {@link JobHandler} ("followup-check", "incident-reminder")
 * @param group what it belongs to, for listing and cancelling together ("incident:INC-42")
 * @param params ids and parameters only (target name, place ids, incident id); no live objects
 * @param firstAt the first time it runs
 * @param every the interval between runs, or null for a one-off job
 * @param until the last time it may run, or null
 * @param cron a Quartz cron expression instead of firstAt/every, or null
 * @param description one line for /followup list
 */
public record Job(
    String type,
    String group,
    Map<String, String> params,
    Instant firstAt,
    Duration every,
    Instant until,
    String cron,
    String description) {

  public Job {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(group, "group");
    params = Map.copyOf(params);
    if (cron == null) {
      Objects.requireNonNull(firstAt, "firstAt (or cron)");
    }
    description = description == null ? type : description;
  }

  public static Job once(
      String type, String group, Map<String, String> params, Instant at, String description) {
    return new Job(type, group, params, at, null, null, null, description);
  }

  public static Job repeating(
      String type,
      String group,
      Map<String, String> params,
      Instant firstAt,
      Duration every,
      Instant until,
      String description) {
    return new Job(type, group, params, firstAt, every, until, null, description);
  }
}
