package dev.incidentbot.bot;

import dev.incidentbot.bot.config.StoreConfig;
import dev.incidentbot.bot.store.Database;

/**
 * Run in a child JVM by tests, with the log level it is given: opens the bot's database at {@code
 * args[0]} as user {@code args[1]} with password {@code args[2]}, probes it, closes it.
 */
public final class OpenDatabase {
  private OpenDatabase() {}

  public static void main(String[] args) {
    try (var db = Database.open(new StoreConfig(args[0], args[1], args[2]))) {
      System.out.println("problem: " + db.problem().orElse("none"));
    }
  }
}
