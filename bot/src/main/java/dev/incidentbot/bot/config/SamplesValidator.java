package dev.incidentbot.bot.config;

import dev.incidentbot.format.Durations;
import dev.incidentbot.redis.Target;
import dev.incidentbot.sample.SampleSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Checks {@code samples:} field by field and builds {@link SampleSettings}. */
final class SamplesValidator {
  private final String source;
  private final List<Target> targets;

  SamplesValidator(String source, List<Target> targets) {
    this.source = source;
    this.targets = targets;
  }

  SampleSettings validate(SamplesConfig raw) throws ConfigException {
    var d = SampleSettings.DEFAULTS;
    if (raw == null) {
      return d;
    }
    Duration every =
        within(
            "samples.every", raw.every(), d.every(), Duration.ofSeconds(1), Duration.ofMinutes(10));
    Duration after =
        within(
            "samples.afterAction",
            raw.afterAction(),
            d.afterAction(),
            Duration.ZERO,
            Duration.ofHours(24));
    Duration retention =
        within(
            "samples.retention",
            raw.retention(),
            d.retention(),
            Duration.ofHours(1),
            Duration.ofDays(3650));
    var queues = new LinkedHashMap<String, List<String>>();
    if (raw.queues() != null) {
      for (Map.Entry<String, List<String>> e : raw.queues().entrySet()) {
        String path = "samples.queues." + e.getKey();
        Optional<Target> target =
            targets.stream().filter(t -> t.name().equals(e.getKey())).findFirst();
        if (target.isEmpty()) {
          throw new ConfigException(source, path, "no target is named '" + e.getKey() + "'");
        }
        var list = new ArrayList<String>();
        List<String> entries = e.getValue() == null ? List.of() : e.getValue();
        for (int i = 0; i < entries.size(); i++) {
          list.add(queue(path + "[" + i + "]", entries.get(i), target.get()));
        }
        queues.put(e.getKey(), List.copyOf(list));
      }
    }
    return new SampleSettings(every, after, retention, queues);
  }

  private String queue(String path, String entry, Target target) throws ConfigException {
    int colon = entry == null ? -1 : entry.indexOf(':');
    if (colon <= 0 || colon == entry.length() - 1 || entry.contains(" ")) {
      throw new ConfigException(
          source,
          path,
          "'"
              + entry
              + "' is not a queue; write rq:<name> or <bullmq prefix>:<name>, like bull:emails");
    }
    String prefix = entry.substring(0, colon);
    if (!prefix.equals("rq") && !target.bullmqPrefixes().contains(prefix)) {
      throw new ConfigException(
          source,
          path,
          "'"
              + prefix
              + "' is neither rq nor a BullMQ prefix of "
              + target.name()
              + " ("
              + String.join(", ", target.bullmqPrefixes())
              + ")");
    }
    return entry;
  }

  private Duration within(
      String path, Duration value, Duration fallback, Duration min, Duration max)
      throws ConfigException {
    if (value == null) {
      return fallback;
    }
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new ConfigException(
          source,
          path,
          "must be between "
              + Durations.format(min)
              + " and "
              + Durations.format(max)
              + ", not "
              + Durations.format(value));
    }
    return value;
  }
}
