package dev.incidentbot.alert;

import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Severity;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the bot says about alerts themselves: the alert message it posts for a webhook notification,
 * and the repeat, update and resolved lines in the group's thread. Every piece of alert text goes
 * through {@link SafeText}, so no alert can make the bot ping anyone.
 */
final class AlertReplies {
  private static final int MAX_LISTED = 10;
  private static final DateTimeFormatter CLOCK_TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private AlertReplies() {}

  /** The alert message posted in the alert channel for a notification that came by webhook. */
  static Reply alertMessage(AlertNotification n, String severityLabel) {
    return Reply.builder(SafeText.cut(tag(n) + " " + n.groupName(), 250))
        .severity(severity(n, severityLabel))
        .text(list(n))
        .build();
  }

  /**
   * In the thread: the group changed (alerts joined or some resolved) while still firing. Also what
   * an edited update message says, so it always carries the latest state and count.
   */
  static Reply update(
      AlertNotification n, int count, List<String> joinedTargets, Instant lastChange) {
    String joined =
        joinedTargets.isEmpty()
            ? ""
            : "\nNow also on " + String.join(", ", joinedTargets) + ": triage follows.";
    return Reply.builder(SafeText.cut(tag(n) + " " + n.groupName(), 250))
        .severity(Severity.WARN)
        .text(list(n) + "\n\n" + changeLine(n, count, lastChange) + joined)
        .build();
  }

  /** "3 alerts firing, 1 resolved · notification #7 · last change 12:04:05 UTC". */
  static String changeLine(AlertNotification n, int count, Instant lastChange) {
    int firing = n.firingCount();
    int resolved = n.resolvedCount();
    var counts = new ArrayList<String>();
    if (firing > 0) {
      counts.add(firing + (firing == 1 ? " alert" : " alerts") + " firing");
    }
    if (resolved > 0) {
      counts.add(resolved + " resolved");
    }
    String state = counts.isEmpty() ? "firing" : String.join(", ", counts);
    return state
        + " · notification #"
        + count
        + " · last change "
        + CLOCK_TIME.format(lastChange)
        + " UTC";
  }

  /**
   * In the thread: firing again after the triage window, before the new triage. It pings the
   * on-call role unless someone took the group ({@code takenBy}, or null).
   */
  static Reply firingAgain(AlertNotification n, int count, String takenBy) {
    return Reply.builder(SafeText.cut("Still firing: " + n.groupName(), 250))
        .severity(Severity.WARN)
        .text(
            list(n)
                + "\n\n"
                + counter(count)
                + (takenBy == null ? "" : " Taken by " + SafeText.cut(takenBy, 100) + ".")
                + " A fresh triage follows.")
        .pingOnCall(takenBy == null)
        .build();
  }

  /** In the thread: the whole group resolved; a verification check follows. */
  static Reply resolved(AlertNotification n, int count) {
    return Reply.builder(SafeText.cut("[RESOLVED] " + n.groupName(), 250))
        .severity(Severity.OK)
        .text(list(n) + "\n\n" + counter(count) + " Running a verification check.")
        .build();
  }

  private static String counter(int count) {
    return "Notification #" + count + " for this alert group.";
  }

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

  private static String list(AlertNotification n) {
    List<Alert> alerts = n.alerts();
    if (alerts.isEmpty()) {
      return SafeText.cut(n.groupName(), 200);
    }
    var sb = new StringBuilder();
    for (Alert a : alerts.subList(0, Math.min(alerts.size(), MAX_LISTED))) {
      sb.append(a.status() == AlertStatus.FIRING ? "🔥 " : "✅ resolved: ")
          .append(SafeText.cut(a.summary(), 200));
      String where = where(a);
      if (!where.isEmpty()) {
        sb.append(" (").append(SafeText.cut(where, 150)).append(')');
      }
      sb.append('\n');
    }
    int more = Math.max(0, alerts.size() - MAX_LISTED) + n.unlisted();
    if (more > 0) {
      sb.append("… and ").append(String.format(Locale.ROOT, "%,d", more)).append(" more\n");
    }
    return sb.toString().strip();
  }

  private static String where(Alert a) {
    var parts = new ArrayList<String>();
    for (String label : List.of("redis_target", "instance", "service", "severity")) {
      String value = a.label(label);
      if (value != null && !value.isBlank()) {
        parts.add(label + " " + value);
      }
    }
    return String.join(", ", parts);
  }

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
}
