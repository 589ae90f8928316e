package dev.incidentbot.template;

/**
 * A template that cannot be used, found when the bot starts. The message names the file and line,
 * such as {@code /etc/bot/templates/status-update.mustache line 7: unknown name 'stauts'}.
 */
public final class TemplateException extends RuntimeException {
  private final String file;
  private final int line;

  public TemplateException(String file, int line, String problem) {
    super(file + (line > 0 ? " line " + line : "") + ": " + problem);
    this.file = file;
    this.line = line;
  }

  /** The template file (a path, or {@code templates/<name>} inside the jar). */
  public String file() {
    return file;
  }

  /** The 1-based line, or 0 when the problem is not on one line. */
  public int line() {
    return line;
  }
}
