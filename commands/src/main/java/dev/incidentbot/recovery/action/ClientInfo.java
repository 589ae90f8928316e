package dev.incidentbot.recovery.action;

import dev.incidentbot.format.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One line of CLIENT LIST, parsed.
 *
 * @param fields every {@code name=value} of the line
 */
record ClientInfo(Map<String, String> fields) {

  static List<ClientInfo> parseList(String clientList) {
    var out = new ArrayList<ClientInfo>();
    for (String line : clientList.split("\r?\n")) {
      if (line.isBlank()) {
        continue;
      }
      var fields = new HashMap<String, String>();
      for (String part : line.strip().split(" ")) {
        int eq = part.indexOf('=');
        if (eq > 0) {
          fields.put(part.substring(0, eq), part.substring(eq + 1));
        }
      }
      out.add(new ClientInfo(Map.copyOf(fields)));
    }
    return out;
  }

  String id() {
    return fields.getOrDefault("id", "");
  }

  String addr() {
    return fields.getOrDefault("addr", "");
  }

  String name() {
    return fields.getOrDefault("name", "");
  }

  String user() {
    return fields.getOrDefault("user", "");
  }

  String flags() {
    return fields.getOrDefault("flags", "");
  }

  long idleSeconds() {
    try {
      return Long.parseLong(fields.getOrDefault("idle", "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * "id=12 10.0.0.7:51234 name=worker user=default idle 5 min 40 s": how a client is shown, its
   * idle time read as /redis clients reads it.
   */
  String describe() {
    return "id="
        + id()
        + " "
        + addr()
        + (name().isEmpty() ? "" : " name=" + name())
        + " user="
        + user()
        + " idle "
        + Durations.format(Duration.ofSeconds(idleSeconds()));
  }
}
