package dev.incidentbot.bot.store;

import dev.incidentbot.bot.config.StoreConfig;
import java.util.Locale;

/**
 * The bot's own database could not be opened or migrated at start-up. Its message is the one line
 * start-up prints: the store URL and what to do, with every password redacted (in the URL's user
 * info, in {@code password=} settings, and {@code store.password} wherever a driver quoted it); the
 * cause keeps the details for the log.
 */
public final class DatabaseUnavailableException extends RuntimeException {
  public DatabaseUnavailableException(StoreConfig config, Throwable cause) {
    super(
        config.redact(
            "cannot open the bot's database " + config.url() + ": " + reason(config, cause)),
        cause);
  }

  private static String reason(StoreConfig config, Throwable cause) {
    var text = new StringBuilder();
    for (Throwable t = cause; t != null && t != t.getCause(); t = t.getCause()) {
      text.append(' ').append(t.getMessage());
    }
    String all = text.toString().toLowerCase(Locale.ROOT);
    if (all.contains("file is locked") || all.contains("locked by another process")) {
      return "the file is locked by another running bot (stop it, or give this one its own"
          + " store.url)";
    }
    if (all.contains("password authentication failed") || all.contains("wrong user name")) {
      return "the database refused store.user/store.password";
    }
    if (all.contains("connection refused") || all.contains("connection attempt failed")) {
      return "nothing answers at that address (is the database running?)";
    }
    if (all.contains("validate failed") || all.contains("migration")) {
      return "its schema does not match this version of the bot (" + firstLine(cause) + ")";
    }
    return firstLine(cause);
  }

  private static String firstLine(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = String.valueOf(root.getMessage());
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
