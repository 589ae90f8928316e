package dev.incidentbot.followup;

import dev.incidentbot.schedule.JobState;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Job state in a map, for tests. */
final class MapJobState implements JobState {
  final Map<String, String> values = new ConcurrentHashMap<>();

  @Override
  public Optional<String> get(String key, String name) {
    return Optional.ofNullable(values.get(key + "/" + name));
  }

  @Override
  public void put(String key, String name, String value) {
    values.put(key + "/" + name, value);
  }

  @Override
  public void clear(String key) {
    values.keySet().removeIf(k -> k.startsWith(key + "/"));
  }
}
