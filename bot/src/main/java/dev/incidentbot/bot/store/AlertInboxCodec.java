package dev.incidentbot.bot.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidentbot.alert.Alert;
import dev.incidentbot.alert.AlertIntake;
import dev.incidentbot.alert.AlertNotification;
import dev.incidentbot.alert.AlertSource;
import dev.incidentbot.alert.AlertStatus;
import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Place;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A delivery as the JSON stored in the alert inbox's {@code payload} column: the parsed
 * notification (its listed alerts, the counts of those not listed, its delivery key and state) and
 * the chat message it arrived as. Written and read by this class only; a field added later must be
 * optional.
 *
 * <p>Stateless and thread-safe.
 */
final class AlertInboxCodec {
  private static final JsonMapper JSON = new JsonMapper();

  private AlertInboxCodec() {}

  static String write(AlertIntake.Delivery delivery) {
    AlertNotification n = delivery.notification();
    ObjectNode root = JSON.createObjectNode();
    root.put("source", n.source().name());
    root.put("groupKey", n.groupKey());
    root.put("groupName", n.groupName());
    root.put("status", n.status().name());
    root.put("deliveryKey", n.deliveryKey());
    root.put("state", n.state());
    root.put("moreFiring", n.moreFiring());
    root.put("moreResolved", n.moreResolved());
    root.set("commonLabels", map(n.commonLabels()));
    var alerts = root.putArray("alerts");
    for (Alert a : n.alerts()) {
      ObjectNode alert = alerts.addObject();
      alert.put("status", a.status().name());
      alert.set("labels", map(a.labels()));
      alert.set("annotations", map(a.annotations()));
      alert.put("startsAt", a.startsAt() == null ? null : a.startsAt().toString());
      alert.put("fingerprint", a.fingerprint());
    }
    Outbox.Posted message = delivery.message();
    if (message != null) {
      ObjectNode m = root.putObject("message");
      m.put("channel", message.place().channelId());
      m.put("thread", message.place().threadId());
      m.put("id", message.messageId());
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings always writes", e);
    }
  }

  /**
   * The delivery stored as {@code json}, received at {@code receivedNanos} on this JVM's {@link
   * System#nanoTime()} clock.
   */
  static AlertIntake.Delivery read(String json, long receivedNanos) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("unreadable alert inbox payload: " + e.getMessage(), e);
    }
    var alerts = new ArrayList<Alert>();
    for (JsonNode a : root.path("alerts")) {
      String startsAt = text(a, "startsAt");
      alerts.add(
          new Alert(
              AlertStatus.valueOf(a.path("status").asText()),
              map(a.path("labels")),
              map(a.path("annotations")),
              startsAt == null ? null : Instant.parse(startsAt),
              text(a, "fingerprint")));
    }
    var n =
        new AlertNotification(
            AlertSource.valueOf(root.path("source").asText()),
            root.path("groupKey").asText(),
            root.path("groupName").asText(),
            AlertStatus.valueOf(root.path("status").asText()),
            alerts,
            map(root.path("commonLabels")),
            root.path("deliveryKey").asText(),
            text(root, "state"),
            root.path("moreFiring").asInt(),
            root.path("moreResolved").asInt());
    JsonNode m = root.get("message");
    Outbox.Posted message =
        m == null || m.isNull()
            ? null
            : new Outbox.Posted(
                new Place(m.path("channel").asText(), text(m, "thread")), m.path("id").asText());
    return new AlertIntake.Delivery(n, message, receivedNanos);
  }

  private static ObjectNode map(Map<String, String> values) {
    ObjectNode node = JSON.createObjectNode();
    values.forEach(node::put);
    return node;
  }

  private static Map<String, String> map(JsonNode node) {
    var map = new LinkedHashMap<String, String>();
    node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
