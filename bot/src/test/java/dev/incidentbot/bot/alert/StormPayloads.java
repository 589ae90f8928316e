package dev.incidentbot.bot.alert;

import java.time.Instant;

/** Alertmanager webhook bodies for synthetic alert groups, as the storm test and bench send. */
public final class StormPayloads {
  private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

  private StormPayloads() {}

  /**
   * Notification {@code n} of group {@code group}: one alert on {@code target}, a new start time
   * per notification (so none is a retry) and the same fingerprint (so none changes the group).
   */
  public static String firing(int group, int n, String target) {
    return body(group, "firing", "firing", BASE.plusSeconds(n).toString(), target);
  }

  public static String resolved(int group, String target) {
    return body(group, "resolved", "resolved", BASE.toString(), target);
  }

  /**
   * A notification of group {@code group} listing {@code alerts} alerts on {@code target}, one per
   * instance, the first {@code resolved} of them resolved: as Alertmanager sends a growing or
   * partly resolving group, each count a change of the group but never a new target.
   */
  public static String changing(int group, int alerts, int resolved, String target) {
    var list = new StringBuilder();
    for (int i = 1; i <= alerts; i++) {
      String status = i <= resolved ? "resolved" : "firing";
      list.append(i > 1 ? "," : "")
          .append(
              """
              {"status":"%2$s","labels":{"alertname":"GrowingAlert%1$d","instance":"10.0.%1$d.%3$d:6379",\
              "redis_target":"%4$s","severity":"warning"},"annotations":{"summary":"redis down"},\
              "startsAt":"%5$s","endsAt":"0001-01-01T00:00:00Z","generatorURL":"",\
              "fingerprint":"g%1$04d%3$04d"}"""
                  .formatted(group, status, i, target, BASE.plusSeconds(i)));
    }
    String groupStatus = resolved >= alerts ? "resolved" : "firing";
    return """
        {"receiver":"team","status":"%2$s","alerts":[%3$s],\
        "groupLabels":{"alertname":"GrowingAlert%1$d"},"commonLabels":{"alertname":"GrowingAlert%1$d"},\
        "commonAnnotations":{},"externalURL":"http://127.0.0.1:9093","version":"4",\
        "groupKey":"{}:{alertname=\\"GrowingAlert%1$d\\"}","truncatedAlerts":0}"""
        .formatted(group, groupStatus, list);
  }

  private static String body(
      int group, String status, String alertStatus, String startsAt, String target) {
    return """
        {"receiver":"team","status":"%2$s","alerts":[{"status":"%3$s","labels":{\
        "alertname":"StormAlert%1$d","redis_target":"%5$s","severity":"warning"},\
        "annotations":{"summary":"storm alert %1$d"},"startsAt":"%4$s",\
        "endsAt":"0001-01-01T00:00:00Z","generatorURL":"","fingerprint":"f%1$08d"}],\
        "groupLabels":{"alertname":"StormAlert%1$d"},"commonLabels":{"alertname":"StormAlert%1$d"},\
        "commonAnnotations":{},"externalURL":"http://127.0.0.1:9093","version":"4",\
        "groupKey":"{}:{alertname=\\"StormAlert%1$d\\"}","truncatedAlerts":0}"""
        .formatted(group, status, alertStatus, startsAt, target);
  }
}
