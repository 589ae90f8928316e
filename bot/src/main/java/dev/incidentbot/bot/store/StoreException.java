package dev.incidentbot.bot.store;

import dev.incidentbot.bot.config.StoreConfig;
import dev.incidentbot.chat.NotRecordedException;

/**
 * The bot's own database failed. The message is the sentence chat shows: what could not be done and
 * why, in one line ("Could not declare an incident: the bot's database failed (No space left on
 * device writing data/bot.mv.db)."), with any password redacted; the cause keeps the details for
 * the log. Stores make these with {@link Database#failed}, which also tells /healthz.
 */
public final class StoreException extends NotRecordedException {
  /** A failure whose reason is read from {@code cause}. */
  public StoreException(String what, Throwable cause) {
    this(what, Database.reason(cause, null), cause);
  }

  StoreException(String what, String reason, Throwable cause) {
    super(
        "Could not "
            + what
            + ": the bot's database failed ("
            + StoreConfig.redactUrl(withoutFullStop(reason))
            + ").",
        cause);
  }

  private static String withoutFullStop(String reason) {
    String r = reason.strip();
    return r.endsWith(".") ? r.substring(0, r.length() - 1) : r;
  }
}
