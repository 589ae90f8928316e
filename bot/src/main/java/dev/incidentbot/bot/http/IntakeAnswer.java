package dev.incidentbot.bot.http;

import dev.incidentbot.alert.AlertIntake;
import dev.incidentbot.alert.AlertNotification;
import java.util.Map;

/**
 * What the webhook answers for what intake made of a notification, whatever the HTTP server: 202
 * once it is stored (or recognised as a retry of one stored), 503 with {@code Retry-After} when it
 * was not stored (intake full, database refusing), so that Alertmanager, which retries 5xx and
 * never 4xx, delivers it again.
 *
 * @param status the HTTP status
 * @param retryAfter seconds for the {@code Retry-After} header, or null for none
 * @param body the JSON body
 */
record IntakeAnswer(int status, String retryAfter, Map<String, String> body) {
  /** Seconds Alertmanager is asked to wait before retrying; it retries sooner on its own anyway. */
  static final String RETRY_AFTER = "5";

  static IntakeAnswer of(AlertIntake.Submission outcome, AlertNotification n) {
    return switch (outcome) {
      case ACCEPTED ->
          new IntakeAnswer(202, null, Map.of("status", "accepted", "group", n.groupName()));
      case RETRY -> new IntakeAnswer(202, null, Map.of("status", "retry", "group", n.groupName()));
      case IGNORED -> new IntakeAnswer(202, null, Map.of("status", "ignored"));
      case BUSY ->
          new IntakeAnswer(503, RETRY_AFTER, Map.of("error", "too many alerts waiting; retry"));
      case UNAVAILABLE -> unavailable("the bot's database is unavailable");
    };
  }

  /**
   * The bot's database failed while storing it; {@code sentence} says what and why ("Could not
   * store …: the bot's database failed (No space left on device …).").
   */
  static IntakeAnswer notRecorded(String sentence) {
    return new IntakeAnswer(
        503,
        RETRY_AFTER,
        Map.of("error", sentence + " Nothing was accepted; Alertmanager retries."));
  }

  /** The notification was not stored because of {@code cause}: nothing was accepted. */
  static IntakeAnswer unavailable(String cause) {
    return new IntakeAnswer(
        503, RETRY_AFTER, Map.of("error", "notification not accepted: " + cause + "; retry"));
  }
}
