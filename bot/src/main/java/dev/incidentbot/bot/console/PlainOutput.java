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

  PlainOutput(PrintStream out) {
    this.out = out;
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
    synchronized (out) {
      out.print("> " + line + "\n");
      out.flush();
    }
  }
}
