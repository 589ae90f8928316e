package dev.incidentbot.bot.store;

/** The bot's own database failed; logged with the statement's purpose, never shown raw in chat. */
public final class StoreException extends RuntimeException {
  public StoreException(String what, Throwable cause) {
    super("database error while trying to " + what, cause);
  }
}
