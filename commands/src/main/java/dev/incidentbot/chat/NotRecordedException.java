package dev.incidentbot.chat;

/**
 * The bot's own storage failed, so something could not be recorded. Its message is a sentence for
 * chat saying what was not recorded and why (no stack trace, no secrets); the cause keeps the
 * details for the log. The router answers with that sentence and an error id instead of "failed
 * unexpectedly", so nobody takes for done what was not stored.
 */
public class NotRecordedException extends RuntimeException {
  public NotRecordedException(String message, Throwable cause) {
    super(message, cause);
  }
}
