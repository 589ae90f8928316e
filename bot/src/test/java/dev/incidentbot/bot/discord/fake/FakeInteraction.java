package dev.incidentbot.bot.discord.fake;

import java.time.Duration;
import java.time.Instant;

/**
 * An interaction the fake Discord sent to the bot, and how the bot answered it (a snapshot).
 *
 * @param id interaction id
 * @param token interaction token (webhook calls use it)
 * @param description what it was, for messages ("/redis health by alice")
 * @param channelId where it happened
 * @param sentAt when the fake dispatched it
 * @param acknowledgedAt when the first callback arrived, or null
 * @param callbackType the first callback's type (4 reply, 5 defer, 6 defer update, 7 update, 8
 *     autocomplete, 9 modal), or 0
 * @param originalMessageId the answer's message id, or null
 */
public record FakeInteraction(
    String id,
    String token,
    String description,
    String channelId,
    Instant sentAt,
    Instant acknowledgedAt,
    int callbackType,
    String originalMessageId) {

  public boolean acknowledged() {
    return acknowledgedAt != null;
  }

  /** From dispatch to the first callback. */
  public Duration timeToAcknowledge() {
    return acknowledgedAt == null ? null : Duration.between(sentAt, acknowledgedAt);
  }
}
