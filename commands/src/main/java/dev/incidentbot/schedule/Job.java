package dev.incidentbot.schedule;

import dev.incidentbot.chat.Place;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A job to run later: once at {@code firstAt}, or every {@code every} from then until {@code until}
 * (null: until cancelled), or on a {@code cron} expression.
 *
 * <p>Times are kept to the millisecond, as the scheduler stores them.
 *
 * <p>Where a job posts is part of its parameters ({@link #PARAM_CHANNEL}, {@link #PARAM_THREAD}):
 * build them with {@link #placeParams(Place)} and read them back with {@link JobRun#place()}.
 *
 * @param type the job type, naming its {@link JobHandler} ("followup-check", "incident-reminder")
 * @param group what it belongs to, for listing and cancelling together ("incident:INC-42")
 * @param params ids and parameters only (target name, place ids, incident id); no live objects
 * @param firstAt the first time it runs (for cron jobs: ignored, may be null)
 * @param every the interval between runs, or null for a one-off job
 * @param until the last time it may start a run, or null
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

  /** The channel the job posts to. */
  public static final String PARAM_CHANNEL = "channel";

  /** The thread inside that channel the job posts to, when there is one. */
  public static final String PARAM_THREAD = "thread";

  /**
   * The group of the bot's own housekeeping jobs (such as taking samples): not follow-ups people
   * scheduled, so /followup list does not show them and /followup cancel refuses them.
   */
  public static final String INTERNAL_GROUP = "internal";

  /** The Redis target a check is about. */
  public static final String PARAM_TARGET = "target";

  public Job {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(group, "group");
    params = Map.copyOf(params);
    firstAt = firstAt == null ? null : firstAt.truncatedTo(ChronoUnit.MILLIS);
    until = until == null ? null : until.truncatedTo(ChronoUnit.MILLIS);
    if (cron == null) {
      Objects.requireNonNull(firstAt, "firstAt (or cron)");
    } else if (every != null) {
      throw new IllegalArgumentException("a job has either cron or every, not both");
    }
    if (every != null && (every.isZero() || every.isNegative())) {
      throw new IllegalArgumentException("every must be positive, not " + every);
    }
    if (until != null && firstAt != null && until.isBefore(firstAt)) {
      throw new IllegalArgumentException("until " + until + " is before firstAt " + firstAt);
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

  /** A job on a Quartz cron expression ("0 0 9 * * ?": every day at 09:00, the bot's zone). */
  public static Job cron(
      String type, String group, Map<String, String> params, String cron, String description) {
    return new Job(
        type, group, params, null, null, null, Objects.requireNonNull(cron), description);
  }

  /** Whether it is one of the bot's own housekeeping jobs ({@link #INTERNAL_GROUP}). */
  public boolean internal() {
    return INTERNAL_GROUP.equals(group);
  }

  /** Whether it runs more than once. */
  public boolean repeats() {
    return every != null || cron != null;
  }

  /** The parameters that record {@code place} as where the job posts. */
  public static Map<String, String> placeParams(Place place) {
    var params = new HashMap<String, String>();
    params.put(PARAM_CHANNEL, place.channelId());
    if (place.threadId() != null) {
      params.put(PARAM_THREAD, place.threadId());
    }
    return params;
  }
}
