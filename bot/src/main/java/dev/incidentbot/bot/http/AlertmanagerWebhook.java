package dev.incidentbot.bot.http;

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
 * configured bearer token (checked before the body is read), 413 above 1 MiB, 400 with the reason
 * for a body that is not a version-4 payload, 503 when intake is full or the bot's database could
 * not record the notification (Alertmanager retries), and 202 once the notification is queued or
 * recognised as a retry of one already taken.
 *
 * <p>Only the decisions live here: {@link BotHttpServer} reads the body (without holding a thread
 * while it arrives, within {@link #MAX_BODY} and its time limit) and calls {@link #accept} on its
 * pool, which returns as soon as intake has queued the notification.
 */
final class AlertmanagerWebhook {
  static final String PATH = "/alerts/alertmanager";
  static final int MAX_BODY = 1024 * 1024;

  /**
   * A too-long body is still read up to this many bytes and dropped, so the client gets its 413
   * instead of a reset connection.
   */
  static final long MAX_DRAIN = 16L * 1024 * 1024;

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
    AlertIntake.Submission outcome;
    try {
      outcome = intake.submit(notification);
    } catch (NotRecordedException e) {
      // the bot's database failed: not taken, so Alertmanager must send it again
      log.warn("could not take an Alertmanager notification: {}", e.getMessage());
      return HttpResponses.json(503, Map.of("error", e.getMessage())).with("Retry-After", "10");
    }
    return switch (outcome) {
      case ACCEPTED, RETRY ->
          HttpResponses.json(
              202,
              Map.of(
                  "status",
                  outcome == AlertIntake.Submission.ACCEPTED ? "accepted" : "retry",
                  "group",
                  notification.groupName()));
      case BUSY ->
          HttpResponses.json(503, Map.of("error", "too many alerts waiting; retry"))
              .with("Retry-After", "5");
      case IGNORED -> HttpResponses.json(202, Map.of("status", "ignored"));
    };
  }

  private boolean authorized(String header) {
    if (header == null) {
      return false;
    }
    return MessageDigest.isEqual(
        header.strip().getBytes(StandardCharsets.UTF_8), expectedAuthorization);
  }
}
