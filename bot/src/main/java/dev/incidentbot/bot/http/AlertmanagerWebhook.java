package dev.incidentbot.bot.http;

import dev.incidentbot.alert.AlertInbox;
import dev.incidentbot.alert.AlertIntake;
import dev.incidentbot.alert.AlertNotification;
import dev.incidentbot.chat.NotRecordedException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /alerts/alertmanager}: Alertmanager's webhook receiver. Answers 401 without the
 * configured bearer token (checked before the body is read), 413 above {@link #MAX_BODY}, 400 with
 * the reason for a body that is not a version-4 payload, and otherwise as {@link IntakeAnswer}
 * says: 202 once the notification is stored in the inbox (or recognised as a retry of one stored),
 * 503 when intake is full or the database did not store it (Alertmanager retries).
 *
 * <p>Only the decisions live here: {@link BotHttpServer} reads the body (without holding a thread
 * while it arrives, within {@link #MAX_BODY} and its time limit) and calls {@link #accept} on its
 * pool, which returns as soon as intake has queued the notification.
 */
final class AlertmanagerWebhook {
  static final String PATH = "/alerts/alertmanager";

  /**
   * The largest body read: Alertmanager sends every alert of a group in one body (about 1 KB each
   * with typical labels, annotations and generator URL), so 16 MiB holds a group of about 15,000
   * alerts. For larger groups set {@code max_alerts} on the webhook receiver: the alerts it leaves
   * out ({@code truncatedAlerts}) are counted.
   */
  static final int MAX_BODY = 16 * 1024 * 1024;

  /**
   * A too-long body is still read up to this many bytes and dropped, so the client gets its 413
   * instead of a reset connection.
   */
  static final long MAX_DRAIN = 64L * 1024 * 1024;

  private static final Logger log = LoggerFactory.getLogger(AlertmanagerWebhook.class);

  private final byte[] expectedAuthorization;
  private final AlertIntake intake;
  private final AlertmanagerPayloads payloads = new AlertmanagerPayloads();

  AlertmanagerWebhook(String token, AlertIntake intake) {
    this.expectedAuthorization = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    this.intake = intake;
  }

  /**
   * The answer given before the body is read (405, 401), or empty: read the body, then {@link
   * #accept} it.
   *
   * @param authorization the {@code Authorization} header, or null
   */
  Optional<HttpAnswer> beforeBody(String method, String authorization) {
    if (!"POST".equals(method)) {
      return Optional.of(HttpResponses.methodNotAllowed("POST"));
    }
    if (!authorized(authorization)) {
      return Optional.of(
          HttpResponses.json(401, Map.of("error", "missing or wrong bearer token"))
              .with("WWW-Authenticate", "Bearer"));
    }
    return Optional.empty();
  }

  /** The answer to a body longer than {@link #MAX_BODY}. */
  static HttpAnswer tooLarge() {
    return HttpResponses.json(413, Map.of("error", "body larger than " + MAX_BODY + " bytes"));
  }

  /** Parses the whole body and hands the notification to intake: 400, 202 or 503. */
  HttpAnswer accept(byte[] body) {
    AlertNotification notification;
    try {
      notification = payloads.parse(body);
    } catch (BadPayloadException e) {
      log.info("refused an Alertmanager webhook body: {}", e.getMessage());
      return HttpResponses.json(400, Map.of("error", e.getMessage()));
    }
    IntakeAnswer answer;
    try {
      answer = IntakeAnswer.of(intake.submit(notification), notification);
    } catch (AlertInbox.Unavailable e) {
      log.error(
          "Alertmanager notification {} not accepted: {}",
          notification.groupName(),
          e.getMessage());
      answer = IntakeAnswer.unavailable(e.getMessage());
    } catch (NotRecordedException e) {
      // the bot's database did not store it: not taken, so Alertmanager must send it again
      log.error(
          "Alertmanager notification {} not accepted: {}",
          notification.groupName(),
          e.getMessage());
      answer = IntakeAnswer.notRecorded(e.getMessage());
    }
    HttpAnswer http = HttpResponses.json(answer.status(), answer.body());
    return answer.retryAfter() == null ? http : http.with("Retry-After", answer.retryAfter());
  }

  private boolean authorized(String header) {
    if (header == null) {
      return false;
    }
    return MessageDigest.isEqual(
        header.strip().getBytes(StandardCharsets.UTF_8), expectedAuthorization);
  }
}
