package dev.incidentbot.bot.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.incidentbot.alert.AlertInbox;
import dev.incidentbot.alert.AlertIntake;
import dev.incidentbot.alert.AlertNotification;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /alerts/alertmanager}: Alertmanager's webhook receiver. Answers 401 without the
 * configured bearer token (checked before the body is read), 413 above {@link #MAX_BODY}, 400 with
 * the reason for a body that is not a version-4 payload, and otherwise as {@link IntakeAnswer}
 * says: 202 once the notification is stored in the inbox (or recognised as a retry of one stored),
 * 503 when intake is full or the database did not store it (Alertmanager retries).
 *
 * <p>Runs on the HTTP server's pool; returns as soon as intake has queued the notification.
 */
final class AlertmanagerWebhook implements HttpHandler {
  static final String PATH = "/alerts/alertmanager";

  /**
   * The largest body read: Alertmanager sends every alert of a group in one body (about 1 KB each
   * with typical labels, annotations and generator URL), so 16 MiB holds a group of about 15,000
   * alerts. For larger groups set {@code max_alerts} on the webhook receiver: the alerts it leaves
   * out ({@code truncatedAlerts}) are counted.
   */
  static final int MAX_BODY = 16 * 1024 * 1024;

  private static final long MAX_DRAIN = 64L * 1024 * 1024;
  private static final Logger log = LoggerFactory.getLogger(AlertmanagerWebhook.class);

  private final byte[] expectedAuthorization;
  private final AlertIntake intake;
  private final AlertmanagerPayloads payloads = new AlertmanagerPayloads();

  AlertmanagerWebhook(String token, AlertIntake intake) {
    this.expectedAuthorization = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    this.intake = intake;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        HttpResponses.methodNotAllowed(exchange, "POST");
        return;
      }
      if (!authorized(exchange)) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        HttpResponses.json(exchange, 401, Map.of("error", "missing or wrong bearer token"));
        return;
      }
      byte[] body = readLimited(exchange);
      if (body == null) {
        HttpResponses.json(
            exchange, 413, Map.of("error", "body larger than " + MAX_BODY + " bytes"));
        return;
      }
      AlertNotification notification;
      try {
        notification = payloads.parse(body);
      } catch (BadPayloadException e) {
        log.info("refused an Alertmanager webhook body: {}", e.getMessage());
        HttpResponses.json(exchange, 400, Map.of("error", e.getMessage()));
        return;
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
      }
      if (answer.retryAfter() != null) {
        exchange.getResponseHeaders().set("Retry-After", answer.retryAfter());
      }
      HttpResponses.json(exchange, answer.status(), answer.body());
    }
  }

  private boolean authorized(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (header == null) {
      return false;
    }
    return MessageDigest.isEqual(
        header.strip().getBytes(StandardCharsets.UTF_8), expectedAuthorization);
  }

  /**
   * The body, or null when it is longer than {@link #MAX_BODY}. A too-long body is still read (up
   * to {@link #MAX_DRAIN}) and dropped, so the client gets its 413 instead of a reset connection.
   */
  private static byte[] readLimited(HttpExchange exchange) throws IOException {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    boolean declaredTooLong = false;
    if (length != null) {
      try {
        declaredTooLong = Long.parseLong(length.strip()) > MAX_BODY;
      } catch (NumberFormatException e) {
        declaredTooLong = true;
      }
    }
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = declaredTooLong ? new byte[0] : in.readNBytes(MAX_BODY + 1);
      if (declaredTooLong || body.length > MAX_BODY) {
        drain(in);
        return null;
      }
      return body;
    }
  }

  private static void drain(InputStream in) throws IOException {
    long left = MAX_DRAIN;
    byte[] buffer = new byte[64 * 1024];
    int n;
    while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0) {
      left -= n;
    }
  }
}
