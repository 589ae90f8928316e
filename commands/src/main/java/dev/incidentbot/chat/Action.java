package dev.incidentbot.chat;

import java.util.Map;
import java.util.Objects;

/**
 * A command waiting to be run, as behind a button: pressing it runs {@code command} with {@code
 * options} on behalf of whoever pressed, through the router and its role checks.
 */
public record Action(String command, Map<String, String> options) {
  public Action {
    Objects.requireNonNull(command, "command");
    options = Map.copyOf(options);
  }

  public static Action of(String command, String... keyValues) {
    if (keyValues.length % 2 != 0) {
      throw new IllegalArgumentException("keyValues must come in pairs");
    }
    var map = new java.util.LinkedHashMap<String, String>();
    for (int i = 0; i < keyValues.length; i += 2) {
      map.put(keyValues[i], keyValues[i + 1]);
    }
    return new Action(command, map);
  }
}
