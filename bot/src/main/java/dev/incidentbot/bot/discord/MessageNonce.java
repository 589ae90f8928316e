package dev.incidentbot.bot.discord;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The nonce a message is created with, from the caller's idempotency key ({@link
 * dev.incidentbot.chat.Outbox#post(dev.incidentbot.chat.Place, dev.incidentbot.chat.Reply,
 * String)}) and the message's place among the reply's messages. Discord takes a nonce of up to 25
 * characters (the message resource docs, Create Message, "nonce"; JDA checks the same): a longer
 * key is replaced by a hash of it, the same for the same key.
 */
final class MessageNonce {
  /** Discord's longest nonce. */
  static final int MAX_LENGTH = 25;

  private MessageNonce() {}

  /** The nonce of message {@code part} (0 for the first) of the post keyed {@code key}. */
  static String of(String key, int part) {
    String nonce = part == 0 ? key : key + "/" + part;
    if (nonce.length() <= MAX_LENGTH) {
      return nonce;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(nonce.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(digest)
          .substring(0, MAX_LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java", e);
    }
  }
}
