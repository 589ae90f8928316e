package dev.incidentbot.bot.config;

/** A configuration error, already phrased as the one line start-up prints. */
public final class ConfigException extends Exception {
  public ConfigException(String source, String path, String problem) {
    super(source + ": " + (path.isEmpty() ? "" : path + ": ") + problem);
  }
}
