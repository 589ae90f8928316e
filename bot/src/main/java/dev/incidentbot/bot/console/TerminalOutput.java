package dev.incidentbot.bot.console;

import dev.incidentbot.chat.Severity;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * The console on a terminal with JLine: every message is printed above the prompt and the line
 * being typed is redrawn under it, so a follow-up or an alert arriving while someone types never
 * lands in the middle of their command. With colour on, a message's headline (its {@code ──} title
 * or its marker line) is coloured by severity: red for critical, yellow for warnings, green for ok.
 */
final class TerminalOutput implements ConsoleOutput {
  /** The marks that start a title-less message's text ({@link TextRenderer#marker}). */
  private static final java.util.regex.Pattern HEADLINE_MARK =
      java.util.regex.Pattern.compile("^(✔|⚠|✖) ");

  private final LineReader reader;
  private final boolean colour;

  /**
   * @param colour false when {@code NO_COLOR} is set or the terminal cannot show colours
   */
  TerminalOutput(LineReader reader, boolean colour) {
    this.reader = reader;
    this.colour = colour;
  }

  /** Whether to colour: a terminal that has colours, and no {@code NO_COLOR} in the environment. */
  static boolean colourWanted(java.util.function.Function<String, String> env, int colours) {
    String noColor = env.apply("NO_COLOR");
    return (noColor == null || noColor.isEmpty()) && colours >= 8;
  }

  @Override
  public void print(String message, Severity severity) {
    String text = message.endsWith("\n") ? message : message + "\n";
    var styled = new AttributedStringBuilder();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      boolean headline = i < 2 && (line.startsWith("── ") || HEADLINE_MARK.matcher(line).find());
      styled.style(colour && headline ? style(severity) : AttributedStyle.DEFAULT).append(line);
      if (i < lines.length - 1) {
        styled.style(AttributedStyle.DEFAULT).append('\n');
      }
    }
    synchronized (this) {
      reader.printAbove(styled.toAttributedString());
    }
  }

  static AttributedStyle style(Severity severity) {
    return switch (severity) {
      case INFO -> AttributedStyle.DEFAULT;
      case OK -> AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
      case WARN -> AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW);
      case CRITICAL -> AttributedStyle.BOLD.foreground(AttributedStyle.RED);
    };
  }
}
