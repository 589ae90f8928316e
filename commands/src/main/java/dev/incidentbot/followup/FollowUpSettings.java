package dev.incidentbot.followup;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How follow-ups behave, from the configuration's {@code followUps:} section.
 *
 * @param afterAction when to check after a recovery action (default +1, +5, +15, +30 min)
 * @param incidentWatch how often an open incident's targets are checked (default 5 min)
 * @param minInterval the shortest {@code every:} that /followup schedule accepts (default 1 min)
 * @param allClear whether routine checks post a short "all clear" when nothing is off
 * @param saveAgeWarn how old the last successful save may be while changes wait to be saved
 * @param slowlogGrowthWarn how many new slowlog entries between two routine checks are too many
 * @param routine a Quartz cron expression per target name, for the prevention checklist
 */
public record FollowUpSettings(
    List<Duration> afterAction,
    Duration incidentWatch,
    Duration minInterval,
    boolean allClear,
    Duration saveAgeWarn,
    long slowlogGrowthWarn,
    Map<String, String> routine) {

  public static final List<Duration> DEFAULT_AFTER_ACTION =
      List.of(
          Duration.ofMinutes(1),
          Duration.ofMinutes(5),
          Duration.ofMinutes(15),
          Duration.ofMinutes(30));
  public static final Duration DEFAULT_INCIDENT_WATCH = Duration.ofMinutes(5);
  public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofMinutes(1);
  public static final Duration DEFAULT_SAVE_AGE_WARN = Duration.ofHours(24);
  public static final long DEFAULT_SLOWLOG_GROWTH_WARN = 100;

  /** The defaults, with no routine checks. */
  public static final FollowUpSettings DEFAULTS =
      new FollowUpSettings(
          DEFAULT_AFTER_ACTION,
          DEFAULT_INCIDENT_WATCH,
          DEFAULT_MIN_INTERVAL,
          false,
          DEFAULT_SAVE_AGE_WARN,
          DEFAULT_SLOWLOG_GROWTH_WARN,
          Map.of());

  public FollowUpSettings {
    afterAction = List.copyOf(afterAction);
    Objects.requireNonNull(incidentWatch, "incidentWatch");
    Objects.requireNonNull(minInterval, "minInterval");
    Objects.requireNonNull(saveAgeWarn, "saveAgeWarn");
    routine = Map.copyOf(routine);
  }

  public FollowUpSettings withAfterAction(List<Duration> offsets) {
    return new FollowUpSettings(
        offsets, incidentWatch, minInterval, allClear, saveAgeWarn, slowlogGrowthWarn, routine);
  }

  public FollowUpSettings withMinInterval(Duration min) {
    return new FollowUpSettings(
        afterAction, incidentWatch, min, allClear, saveAgeWarn, slowlogGrowthWarn, routine);
  }

  public FollowUpSettings withAllClear(boolean value) {
    return new FollowUpSettings(
        afterAction, incidentWatch, minInterval, value, saveAgeWarn, slowlogGrowthWarn, routine);
  }
}
