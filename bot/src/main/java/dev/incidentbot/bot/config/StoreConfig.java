package dev.incidentbot.bot.config;

/**
 * {@code store:}: the bot's own database. H2 file by default; PostgreSQL for several instances.
 *
 * @param url JDBC URL, {@code jdbc:h2:file:./data/bot} or {@code jdbc:postgresql://host/db}
 * @param user database user (PostgreSQL)
 * @param password database password, normally {@code ${BOT_DB_PASSWORD}}
 */
public record StoreConfig(String url, String user, String password) {
  public static final String DEFAULT_URL = "jdbc:h2:file:./data/bot";

  @Override
  public String toString() {
    return "StoreConfig[url=" + url + ", user=" + user + "]";
  }
}
