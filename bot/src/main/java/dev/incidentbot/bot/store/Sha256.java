package dev.incidentbot.bot.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 digest the store keeps in place of a text too long (or too revealing) for its column:
 * the same text gives the same digest, in every instance.
 */
public final class Sha256 {
  private Sha256() {}

  /** The SHA-256 of {@code text} (UTF-8), as 64 lowercase hex digits. */
  public static String hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
