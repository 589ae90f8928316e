package dev.incidentbot.bot.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.incidentbot.alert.Alert;
import dev.incidentbot.alert.AlertNotification;
import dev.incidentbot.alert.AlertSource;
import dev.incidentbot.alert.AlertStatus;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads Alertmanager's webhook payload (version 4) into an {@link AlertNotification}: the group by
 * {@code groupKey}, its name from the group labels (alert name first), each alert with labels,
 * annotations, start time and fingerprint. Unknown fields are ignored, as Alertmanager adds some
 * over time; missing or mistyped required ones are refused with the field's name. There is no limit
 * on the number of alerts (the body's size limits it): intake summarises a large group, and the
 * alerts the receiver's {@code max_alerts} left out ({@code truncatedAlerts}) are counted.
 *
 * <p>Stateless and thread-safe.
 */
public final class AlertmanagerPayloads {
  private static final JsonMapper JSON = new JsonMapper();

  /** The notification in {@code body}. */
  public AlertNotification parse(byte[] body) throws BadPayloadException {
    JsonNode root = object(body);
    String version = text(root, "version", true);
    if (!"4".equals(version)) {
      throw new BadPayloadException("version is '" + version + "'; only payload version 4 is read");
    }
    String groupKey = text(root, "groupKey", true);
    AlertStatus status = status(root, "status");
    List<Alert> alerts = alerts(root.get("alerts"));
    Map<String, String> groupLabels = labels(root.get("groupLabels"), "groupLabels");
    Map<String, String> common = labels(root.get("commonLabels"), "commonLabels");
    int truncated = Math.max(0, root.path("truncatedAlerts").asInt(0));
    var whole =
        new AlertNotification(
            AlertSource.ALERTMANAGER_WEBHOOK,
            groupKey,
            groupName(groupLabels, alerts),
            status,
            alerts,
            common.isEmpty() ? AlertNotification.common(alerts) : common,
            AlertNotification.contentKey(groupKey, status, alerts));
    return truncated == 0 ? whole : withTruncated(whole, truncated);
  }

  /** The body as a JSON object, or why it is not one (with the place in the text). */
  private static JsonNode object(byte[] body) throws BadPayloadException {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new BadPayloadException(
          "not valid JSON: "
              + e.getOriginalMessage()
              + (e.getLocation() == null
                  ? ""
                  : " at line "
                      + e.getLocation().getLineNr()
                      + ", column "
                      + e.getLocation().getColumnNr()));
    } catch (IOException e) {
      throw new BadPayloadException("unreadable body: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new BadPayloadException("expected a JSON object (Alertmanager webhook payload)");
    }
    return root;
  }

  private static List<Alert> alerts(JsonNode alertsNode) throws BadPayloadException {
    if (alertsNode == null || !alertsNode.isArray()) {
      throw new BadPayloadException("alerts: expected an array");
    }
    var alerts = new ArrayList<Alert>();
    for (int i = 0; i < alertsNode.size(); i++) {
      alerts.add(alert(alertsNode.get(i), "alerts[" + i + "]"));
    }
    return alerts;
  }

  /**
   * {@code whole} and the {@code truncated} alerts the receiver's max_alerts left out: counted with
   * the group's status, never listed, and part of the delivery key.
   */
  private static AlertNotification withTruncated(AlertNotification whole, int truncated) {
    boolean firing = whole.status() == AlertStatus.FIRING;
    return new AlertNotification(
        whole.source(),
        whole.groupKey(),
        whole.groupName(),
        whole.status(),
        whole.alerts(),
        whole.commonLabels(),
        whole.deliveryKey() + "+" + truncated,
        null,
        firing ? truncated : 0,
        firing ? 0 : truncated);
  }

  private static Alert alert(JsonNode node, String path) throws BadPayloadException {
    if (node == null || !node.isObject()) {
      throw new BadPayloadException(path + ": expected an object");
    }
    Map<String, String> labels = labels(node.get("labels"), path + ".labels");
    if (labels.isEmpty()) {
      throw new BadPayloadException(path + ".labels: an alert needs labels");
    }
    String startsAt = text(node, "startsAt", false);
    Instant started = null;
    if (startsAt != null && !startsAt.isEmpty()) {
      try {
        started = Instant.parse(startsAt);
      } catch (DateTimeParseException e) {
        throw new BadPayloadException(path + ".startsAt: '" + startsAt + "' is not a time");
      }
    }
    return new Alert(
        status(node, path + ".status"),
        labels,
        labels(node.get("annotations"), path + ".annotations"),
        started,
        text(node, "fingerprint", false));
  }

  private static String groupName(Map<String, String> groupLabels, List<Alert> alerts) {
    var parts = new ArrayList<String>();
    var sorted = new TreeMap<>(groupLabels);
    String alertname = sorted.remove("alertname");
    if (alertname != null) {
      parts.add(alertname);
    }
    parts.addAll(sorted.values());
    if (parts.isEmpty()) {
      return alerts.isEmpty() ? "alert" : alerts.get(0).name();
    }
    return String.join(" ", parts);
  }

  private static AlertStatus status(JsonNode node, String path) throws BadPayloadException {
    String field = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : path;
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new BadPayloadException(path + ": expected \"firing\" or \"resolved\"");
    }
    try {
      return AlertStatus.parse(value.asText());
    } catch (IllegalArgumentException e) {
      throw new BadPayloadException(path + ": " + e.getMessage());
    }
  }

  private static String text(JsonNode node, String field, boolean required)
      throws BadPayloadException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw new BadPayloadException(field + ": is required");
      }
      return null;
    }
    if (!value.isTextual()) {
      throw new BadPayloadException(field + ": expected a string");
    }
    if (required && value.asText().isEmpty()) {
      throw new BadPayloadException(field + ": must not be empty");
    }
    return value.asText();
  }

  private static Map<String, String> labels(JsonNode node, String path) throws BadPayloadException {
    var map = new LinkedHashMap<String, String>();
    if (node == null || node.isNull()) {
      return map;
    }
    if (!node.isObject()) {
      throw new BadPayloadException(path + ": expected an object of strings");
    }
    var fields = node.fields();
    while (fields.hasNext()) {
      var e = fields.next();
      if (!e.getValue().isTextual()) {
        throw new BadPayloadException(path + "." + e.getKey() + ": expected a string");
      }
      map.put(e.getKey(), e.getValue().asText());
    }
    return map;
  }
}
