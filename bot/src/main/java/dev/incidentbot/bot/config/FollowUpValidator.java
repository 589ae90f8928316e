package dev.incidentbot.bot.config;

import dev.incidentbot.followup.FollowUpSettings;
import dev.incidentbot.format.Durations;
import java.text.ParseException;
import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import org.quartz.CronExpression;

/** Checks {@code followUps:} field by field and builds {@link FollowUpSettings}. */
final class FollowUpValidator {
  private static final Duration MAX = Duration.ofHours(24);
  private static final int MAX_OFFSETS = 10;

  private final String source;

  FollowUpValidator(String source) {
    this.source = source;
  }

  FollowUpSettings validate(FollowUpConfig raw, Set<String> targets) throws ConfigException {
    var d = FollowUpSettings.DEFAULTS;
    if (raw == null) {
      return d;
    }
    Duration min = within("followUps.minInterval", raw.minInterval(), d.minInterval());
    List<Duration> offsets = offsets(raw.afterAction());
    Duration watch = within("followUps.incidentWatch", raw.incidentWatch(), d.incidentWatch());
    if (watch.compareTo(min) < 0) {
      throw new ConfigException(
          source,
          "followUps.incidentWatch",
          "must not be shorter than followUps.minInterval (" + Durations.format(min) + ")");
    }
    Duration saveAge = raw.saveAgeWarn() == null ? d.saveAgeWarn() : raw.saveAgeWarn();
    if (saveAge.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new ConfigException(source, "followUps.saveAgeWarn", "must be at least 1m");
    }
    long slowlog =
        raw.slowlogGrowthWarn() == null ? d.slowlogGrowthWarn() : raw.slowlogGrowthWarn();
    if (slowlog < 0) {
      throw new ConfigException(source, "followUps.slowlogGrowthWarn", "must not be negative");
    }
    return new FollowUpSettings(
        offsets,
        watch,
        min,
        raw.allClear() != null && raw.allClear(),
        saveAge,
        slowlog,
        routine(raw.routine(), targets, min));
  }

  private Duration within(String path, Duration value, Duration fallback) throws ConfigException {
    if (value == null) {
      return fallback;
    }
    if (value.compareTo(Duration.ofSeconds(1)) < 0 || value.compareTo(MAX) > 0) {
      throw new ConfigException(
          source, path, "must be between 1s and 24h, not " + Durations.format(value));
    }
    return value;
  }

  private List<Duration> offsets(List<Duration> raw) throws ConfigException {
    if (raw == null) {
      return FollowUpSettings.DEFAULT_AFTER_ACTION;
    }
    if (raw.isEmpty() || raw.size() > MAX_OFFSETS) {
      throw new ConfigException(
          source, "followUps.afterAction", "list 1 to " + MAX_OFFSETS + " offsets, like [1m, 5m]");
    }
    for (int i = 0; i < raw.size(); i++) {
      String path = "followUps.afterAction[" + i + "]";
      if (raw.get(i) == null) {
        throw new ConfigException(source, path, "empty entry; write a duration like 5m");
      }
      within(path, raw.get(i), null);
      if (i > 0 && raw.get(i).compareTo(raw.get(i - 1)) <= 0) {
        throw new ConfigException(
            source,
            path,
            "offsets must increase; "
                + Durations.format(raw.get(i))
                + " is not after "
                + Durations.format(raw.get(i - 1)));
      }
    }
    return List.copyOf(raw);
  }

  private Map<String, String> routine(Map<String, String> raw, Set<String> targets, Duration min)
      throws ConfigException {
    var out = new LinkedHashMap<String, String>();
    if (raw == null) {
      return out;
    }
    for (var e : raw.entrySet()) {
      String path = "followUps.routine." + e.getKey();
      if (!targets.contains(e.getKey())) {
        throw new ConfigException(
            source,
            path,
            "no target is named '" + e.getKey() + "'; known: " + String.join(", ", targets));
      }
      String cron = e.getValue() == null ? "" : e.getValue().strip();
      CronExpression expression;
      try {
        expression = new CronExpression(cron);
        expression.setTimeZone(TimeZone.getTimeZone("UTC"));
      } catch (ParseException ex) {
        throw new ConfigException(
            source,
            path,
            "'"
                + cron
                + "' is not a Quartz cron expression ("
                + ex.getMessage()
                + "); six fields, like \"0 0 8 * * ?\" for daily at 08:00 UTC");
      }
      Date first = expression.getTimeAfter(new Date());
      Date second = first == null ? null : expression.getTimeAfter(first);
      if (first == null) {
        throw new ConfigException(source, path, "'" + cron + "' never fires");
      }
      if (second != null && second.getTime() - first.getTime() < min.toMillis()) {
        throw new ConfigException(
            source,
            path,
            "'"
                + cron
                + "' fires more often than followUps.minInterval ("
                + Durations.format(min)
                + ")");
      }
      out.put(e.getKey(), cron);
    }
    return out;
  }
}
