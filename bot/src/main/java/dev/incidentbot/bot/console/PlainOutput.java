package dev.incidentbot.bot.console;

import dev.incidentbot.chat.Severity;
import java.io.PrintStream;

/**
 * The console on a plain stream: piped input, a file, a test. No colour and no prompt handling;
 * each typed line is echoed as {@code > line} before its answer, so the output reads as a
 * transcript of the chat.
 */
final class PlainOutput implements ConsoleOutput {
  private final PrintStream out;
  private final boolean echo;

  /**
   * @param echo whether typed lines are echoed (piped input); off when a person types at a prompt
   *     the stream shows anyway
   */
  PlainOutput(PrintStream out, boolean echo) {
    this.out = out;
    this.echo = echo;
  }

  @Override
  public void print(String message, Severity severity) {
    synchronized (out) {
      out.print(message.endsWith("\n") ? message + "\n" : message + "\n\n");
      out.flush();
    }
  }

  @Override
  public void echo(String line) {
    if (echo) {
      synchronized (out) {
        out.print("> " + line + "\n");
        out.flush();
      }
    }
  }

  /** The stream itself, for the prompt of a terminal without line editing. */
  PrintStream stream() {
    return out;
  }
}
