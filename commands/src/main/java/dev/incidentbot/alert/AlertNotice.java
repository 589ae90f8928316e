package dev.incidentbot.alert;

import dev.incidentbot.chat.Severity;
import dev.incidentbot.format.Counts;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the bot has to say about one notification of an alert group, as the code decided it: the
 * group, its counts, the alerts it lists, which notification of the group this is and what changed.
 * The alert reply templates ({@link AlertViews}) word it; {@link #model()} is their data, every
 * piece of alert text made safe by {@link SafeText} so no alert can make the bot ping anyone.
 *
 * @param groupName the group's name as the notification gives it ({@code RedisDown orders})
 * @param status the group's status: firing while any alert in it fires
 * @param severity the colour worked out from the group's severity label
 * @param tag Alertmanager's status tag for the group ({@code [FIRING:2, RESOLVED:1]})
 * @param alerts the alerts listed, at most {@link #MAX_LISTED}
 * @param more alerts of the group counted but not listed
 * @param firing firing alerts in the group, listed or not
 * @param resolved resolved alerts in the group, listed or not
 * @param notification which notification of the group this is (1 for the first)
 * @param lastChange when the group last changed, or null when not a change
 * @param joined targets the group reached with this notification, in order (empty for none)
 * @param takenBy who took the group, or null when nobody did
 */
public record AlertNotice(
    String groupName,
    AlertStatus status,
    Severity severity,
    String tag,
    List<Line> alerts,
    long more,
    int firing,
    int resolved,
    int notification,
    Instant lastChange,
    List<String> joined,
    String takenBy) {

  /** At most this many alerts are listed in a message. */
  public static final int MAX_LISTED = 10;

  private static final DateTimeFormatter CLOCK_TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  /**
   * One listed alert.
   *
   * @param firing whether it fires (else it is resolved)
   * @param name its {@code alertname}
   * @param summary its summary annotation, else its description, else its name
   * @param where its target labels ({@code redis_target cache, instance 10.0.0.7:6379}), or empty
   * @param labels all its labels
   * @param annotations all its annotations
   */
  public record Line(
      boolean firing,
      String name,
      String summary,
      String where,
      Map<String, String> labels,
      Map<String, String> annotations) {
    public Line {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(summary, "summary");
      Objects.requireNonNull(where, "where");
      labels = Map.copyOf(labels);
      annotations = Map.copyOf(annotations);
    }

    private Map<String, Object> model() {
      var m = new LinkedHashMap<String, Object>();
      m.put("firing", firing);
      m.put("name", SafeText.line(name, 100));
      m.put("summary", SafeText.line(summary, 200));
      m.put("where", SafeText.line(where, 150));
      m.put("labels", safe(labels, 150));
      m.put("annotations", safe(annotations, 300));
      return m;
    }

    private static Map<String, String> safe(Map<String, String> values, int max) {
      var out = new TreeMap<String, String>();
      values.forEach((k, v) -> out.put(k, SafeText.line(v, max)));
      return out;
    }
  }

  public AlertNotice {
    Objects.requireNonNull(groupName, "groupName");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(tag, "tag");
    alerts = List.copyOf(alerts);
    joined = List.copyOf(joined);
  }

  /** The labels that say where an alert is, in the order they are shown. */
  private static final List<String> WHERE =
      List.of("redis_target", "instance", "service", "severity");

  /**
   * What to say about {@code n}.
   *
   * @param severityLabel the label whose value gives the colour ({@code severity})
   * @param notification which notification of its group {@code n} is
   * @param lastChange when the group changed, or null
   * @param joined targets the group reached with {@code n}
   * @param takenBy who took the group, or null
   */
  public static AlertNotice of(
      AlertNotification n,
      String severityLabel,
      int notification,
      Instant lastChange,
      List<String> joined,
      String takenBy) {
    var lines = new ArrayList<Line>();
    for (Alert a : n.alerts().subList(0, Math.min(n.alerts().size(), MAX_LISTED))) {
      lines.add(
          new Line(
              a.status() == AlertStatus.FIRING,
              a.name(),
              a.summary(),
              where(a),
              a.labels(),
              a.annotations()));
    }
    long more =
        n.alerts().isEmpty() ? 0 : Math.max(0, n.alerts().size() - MAX_LISTED) + n.unlisted();
    return new AlertNotice(
        n.groupName(),
        n.status(),
        severity(n, severityLabel),
        tag(n),
        lines,
        more,
        n.firingCount(),
        n.resolvedCount(),
        notification,
        lastChange,
        joined,
        takenBy);
  }

  /** The names the alert templates use; they are listed in {@code templates/README.md}. */
  Map<String, Object> model() {
    var m = new LinkedHashMap<String, Object>();
    m.put("group", SafeText.cut(groupName, 250));
    m.put("tag", tag);
    m.put("resolved", status == AlertStatus.RESOLVED);
    m.put("severity", severity.name().toLowerCase(Locale.ROOT));
    m.put("alerts", alerts.stream().map(Line::model).toList());
    m.put("more", more > 0 ? Counts.format(more) : "");
    m.put("firingCount", firing > 0 ? Counts.format(firing) : "");
    m.put("firingAlerts", firing > 0 ? Counts.of(firing, "alert", "alerts") : "");
    m.put("resolvedCount", resolved > 0 ? Counts.format(resolved) : "");
    m.put("notification", Integer.toString(notification));
    m.put("lastChange", lastChange == null ? "" : CLOCK_TIME.format(lastChange) + " UTC");
    m.put("joined", SafeText.cut(String.join(", ", joined), 300));
    m.put("takenBy", takenBy == null ? "" : SafeText.cut(takenBy, 100));
    return m;
  }

  /** A notice with every name filled, to check the templates at start-up. */
  static AlertNotice sample() {
    return new AlertNotice(
        "RedisMemoryHigh cache",
        AlertStatus.FIRING,
        Severity.WARN,
        "[FIRING:2, RESOLVED:1]",
        List.of(
            new Line(
                true,
                "RedisMemoryHigh",
                "Memory at 97 %",
                "redis_target cache, severity warning",
                Map.of("alertname", "RedisMemoryHigh", "redis_target", "cache"),
                Map.of("summary", "Memory at 97 %", "runbook_url", "https://runbooks/redis")),
            new Line(false, "RedisMemoryHigh", "Memory at 81 %", "", Map.of(), Map.of())),
        3,
        2,
        1,
        4,
        Instant.parse("2026-01-01T12:04:05Z"),
        List.of("cache-b"),
        "alice");
  }

  /** Alertmanager's tag: {@code [FIRING:2]}, {@code [FIRING:2, RESOLVED:1]}, {@code [RESOLVED]}. */
  static String tag(AlertNotification n) {
    if (n.status() == AlertStatus.RESOLVED) {
      return "[RESOLVED]";
    }
    int firing = n.firingCount();
    int resolved = n.resolvedCount();
    return "[FIRING"
        + (firing > 0 ? ":" + firing : "")
        + (resolved > 0 ? ", RESOLVED:" + resolved : "")
        + "]";
  }

  /** The colour of the group: its severity label's, green once resolved, red when unlabelled. */
  static Severity severity(AlertNotification n, String severityLabel) {
    if (n.status() == AlertStatus.RESOLVED) {
      return Severity.OK;
    }
    String value = n.label(severityLabel);
    if (value == null) {
      return Severity.CRITICAL;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "warning", "warn" -> Severity.WARN;
      case "info", "none" -> Severity.INFO;
      default -> Severity.CRITICAL;
    };
  }

  private static String where(Alert a) {
    var parts = new ArrayList<String>();
    for (String label : WHERE) {
      String value = a.label(label);
      if (value != null && !value.isBlank()) {
        parts.add(label + " " + value);
      }
    }
    return String.join(", ", parts);
  }
}
