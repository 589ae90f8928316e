package dev.incidentbot.bot.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.incidentbot.incident.Incident;
import dev.incidentbot.incident.StatusUpdate;
import dev.incidentbot.incident.StatusUpdateMessage;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON bodies sent to stakeholder webhooks. */
final class WebhookBodies {
  private static final JsonMapper JSON = new JsonMapper();

  private WebhookBodies() {}

  /**
   * {@code {"subject", "text", "incident": {id, title, severity, status, commander, targets,
   * startedAt, resolvedAt}, "update": {number, at, author, status, impact, summary, userImpact,
   * nextSteps}}}; {@code text} is the whole message as plain text.
   */
  static String generic(Incident incident, StatusUpdate update, StatusUpdateMessage message) {
    var inc = new LinkedHashMap<String, Object>();
    inc.put("id", incident.id());
    inc.put("title", incident.title());
    inc.put("severity", incident.severity().name());
    inc.put("status", incident.status().label());
    inc.put("commander", incident.commander().name());
    inc.put("targets", incident.targets());
    inc.put("startedAt", incident.startedAt().toString());
    inc.put("resolvedAt", incident.resolvedAt() == null ? null : incident.resolvedAt().toString());
    var upd = new LinkedHashMap<String, Object>();
    upd.put("number", incident.updates().size());
    upd.put("at", update.at().toString());
    upd.put("author", update.author());
    upd.put("status", update.status().label());
    upd.put("impact", update.impact());
    upd.put("summary", update.summary());
    upd.put("userImpact", update.userImpact());
    upd.put("nextSteps", update.nextSteps());
    var body = new LinkedHashMap<String, Object>();
    body.put("subject", message.subject());
    body.put("text", message.text());
    body.put("incident", inc);
    body.put("update", upd);
    return write(body);
  }

  /**
   * Slack's {@code {"text"}}: subject in bold, body below. {@code &}, {@code <} and {@code >} are
   * escaped as Slack asks, so text such as {@code <!channel>} cannot mention anyone.
   */
  static String slack(StatusUpdateMessage message) {
    return write(
        Map.of(
            "text", "*" + slackEscape(message.subject()) + "*\n\n" + slackEscape(message.body())));
  }

  static String slackEscape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String write(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a webhook body", e);
    }
  }
}
