package dev.incidentbot.bot.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code store:}: the bot's own database. H2 file by default; PostgreSQL for several instances.
 *
 * @param url JDBC URL, {@code jdbc:h2:file:./data/bot} or {@code jdbc:postgresql://host/db}
 * @param user database user (PostgreSQL)
 * @param password database password, normally {@code ${BOT_DB_PASSWORD}}
 */
public record StoreConfig(String url, String user, String password) {
  public static final String DEFAULT_URL = "jdbc:h2:file:./data/bot";

  /** {@code //user:secret@host}: the secret part of a URL's user info. */
  private static final Pattern USER_INFO = Pattern.compile("(//[^/?#@:\\s]*:)[^/?#@\\s]*(@)");

  /** {@code password=secret}, {@code sslpassword=…}, {@code PWD=…} after {@code ? & ; :}. */
  private static final Pattern PASSWORD_SETTING =
      Pattern.compile("(?i)([?&;:,\\s][a-z_.]*(?:password|pwd)\\s*=)[^&;,\\s'\"]*");

  /** The URL as it may be shown or logged: passwords in it replaced with {@code ***}. */
  public String redactedUrl() {
    return redact(url);
  }

  /**
   * {@code text} (a URL, or an error message that may quote one) with every password in it replaced
   * with {@code ***}: the user-info secret, password settings, and this config's password wherever
   * it appears.
   */
  public String redact(String text) {
    String out = redactUrl(text);
    if (out != null && password != null && password.length() >= 3) {
      out = out.replace(password, "***");
    }
    return out;
  }

  /** {@code text} with URL passwords (user info, {@code password=}) replaced with {@code ***}. */
  public static String redactUrl(String text) {
    if (text == null) {
      return null;
    }
    String out =
        USER_INFO.matcher(text).replaceAll(m -> Matcher.quoteReplacement(m.group(1)) + "***@");
    return PASSWORD_SETTING
        .matcher(out)
        .replaceAll(m -> Matcher.quoteReplacement(m.group(1)) + "***");
  }

  @Override
  public String toString() {
    return "StoreConfig[url=" + redactedUrl() + ", user=" + user + "]";
  }
}
