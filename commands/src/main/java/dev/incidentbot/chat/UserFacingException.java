package dev.incidentbot.chat;

/**
 * An error whose message is written for the person in chat: what was wrong and what would be right.
 * The router turns it into a private reply; every other exception is logged with an id and answered
 * with a short apology.
 */
public class UserFacingException extends RuntimeException {
  public UserFacingException(String message) {
    super(message);
  }

  public UserFacingException(String message, Throwable cause) {
    super(message, cause);
  }
}
