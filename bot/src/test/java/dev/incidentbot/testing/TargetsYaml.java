package dev.incidentbot.testing;

/**
 * The {@code targets:} section of a test's configuration, as the bot reads it, so that tests write
 * only what sets their targets apart: {@code targets(target("cache", redis.url(), "timeout:
 * 500ms"))}.
 */
public final class TargetsYaml {
  private TargetsYaml() {}

  /** {@code targets:} followed by {@code items}, each from {@link #target}. */
  public static String targets(String... items) {
    return "targets:\n" + String.join("", items);
  }

  /**
   * One target: {@code name} at {@code url}, then {@code settings}, one line each without its
   * indentation ({@code "timeout: 500ms"}).
   */
  public static String target(String name, String url, String... settings) {
    var yaml = new StringBuilder("  - name: ").append(name).append("\n    url: ").append(url);
    yaml.append('\n');
    for (String setting : settings) {
      yaml.append("    ").append(setting).append('\n');
    }
    return yaml.toString();
  }
}
