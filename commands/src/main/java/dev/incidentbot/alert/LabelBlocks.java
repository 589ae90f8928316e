package dev.incidentbot.alert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the alert lists Alertmanager's and Grafana's default templates write: sections headed by a
 * status line ({@code Alerts Firing:}, {@code **Resolved**}), each alert a {@code Labels:} list and
 * an {@code Annotations:} list of {@code - name = value} lines.
 */
final class LabelBlocks {
  private static final Pattern ITEM = Pattern.compile("^\\s*-\\s+([^=]+?)\\s+=\\s?(.*)$");

  private final Pattern firingHeader;
  private final Pattern resolvedHeader;

  /** Blocks whose sections start with lines matching the two headers. */
  LabelBlocks(Pattern firingHeader, Pattern resolvedHeader) {
    this.firingHeader = firingHeader;
    this.resolvedHeader = resolvedHeader;
  }

  /** Every alert listed in {@code text}, in order; empty when it lists none. */
  List<Alert> parse(String text) {
    var alerts = new ArrayList<Alert>();
    AlertStatus section = null;
    Map<String, String> labels = null;
    Map<String, String> annotations = null;
    Map<String, String> into = null;
    for (String raw : text.split("\\R")) {
      String line = raw.strip();
      if (firingHeader.matcher(line).matches() || resolvedHeader.matcher(line).matches()) {
        add(alerts, section, labels, annotations);
        labels = null;
        into = null;
        section = firingHeader.matcher(line).matches() ? AlertStatus.FIRING : AlertStatus.RESOLVED;
      } else if (section != null && line.equals("Labels:")) {
        add(alerts, section, labels, annotations);
        labels = new LinkedHashMap<>();
        annotations = new LinkedHashMap<>();
        into = labels;
      } else if (labels != null && line.equals("Annotations:")) {
        into = annotations;
      } else if (into != null) {
        var item = ITEM.matcher(raw);
        if (item.matches()) {
          into.put(item.group(1).strip(), item.group(2).strip());
        } else {
          into = null;
        }
      }
    }
    add(alerts, section, labels, annotations);
    return alerts;
  }

  private static void add(
      List<Alert> alerts,
      AlertStatus section,
      Map<String, String> labels,
      Map<String, String> annotations) {
    if (section != null && labels != null && !labels.isEmpty()) {
      alerts.add(new Alert(section, labels, annotations, null, null));
    }
  }
}
