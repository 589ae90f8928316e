package dev.incidentbot.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code alertmanager.yml} an {@link AlertmanagerServer} runs with: a root route that notifies
 * no one, and under it one child route per receiver, matching {@link
 * AlertmanagerServer#ROUTE_LABEL} with the receiver's name. Timings are short for tests and as in
 * production otherwise: group by alert name and {@code service}, 1 s group wait and interval, 4 h
 * repeat interval, resolved notifications on. Not thread-safe; build it on one thread.
 */
final class AlertmanagerConfig {
  private final Map<String, String> receivers = new LinkedHashMap<>();

  /** A receiver with its own YAML (the lines under {@code - name:}, indented four spaces). */
  void receiver(String name, String yaml) {
    if (!name.matches("[a-z0-9-]+") || name.equals("nobody")) {
      throw new IllegalArgumentException("a receiver name is [a-z0-9-]+ and not nobody: " + name);
    }
    if (receivers.putIfAbsent(name, yaml) != null) {
      throw new IllegalArgumentException("two receivers named " + name);
    }
  }

  /** A {@code webhook_configs} receiver's YAML: POSTs with {@code Authorization: Bearer}. */
  static String webhook(String url, String token) {
    return "    webhook_configs:\n"
        + "      - url: "
        + quoted(url)
        + "\n"
        + "        send_resolved: true\n"
        + "        http_config:\n"
        + "          authorization:\n"
        + "            type: Bearer\n"
        + "            credentials: "
        + quoted(token)
        + "\n";
  }

  /** A {@code discord_configs} receiver's YAML: executes the Discord webhook at the URL. */
  static String discord(String webhookUrl) {
    return "    discord_configs:\n"
        + "      - webhook_url: "
        + quoted(webhookUrl)
        + "\n"
        + "        send_resolved: true\n";
  }

  boolean isEmpty() {
    return receivers.isEmpty();
  }

  String yaml() {
    var yaml = new StringBuilder();
    yaml.append("route:\n")
        .append("  receiver: nobody\n")
        .append("  group_by: [alertname, service]\n")
        .append("  group_wait: 1s\n")
        .append("  group_interval: 1s\n")
        .append("  repeat_interval: 4h\n")
        .append("  routes:\n");
    for (String name : receivers.keySet()) {
      yaml.append("    - receiver: ").append(name).append('\n');
      yaml.append("      matchers: ['")
          .append(AlertmanagerServer.ROUTE_LABEL)
          .append("=\"")
          .append(name)
          .append("\"']\n");
    }
    // alerts matching no child route end at the root's receiver, which notifies no one
    yaml.append("receivers:\n  - name: nobody\n");
    receivers.forEach(
        (name, body) -> yaml.append("  - name: ").append(name).append('\n').append(body));
    return yaml.toString();
  }

  /** A YAML single-quoted scalar. */
  private static String quoted(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
