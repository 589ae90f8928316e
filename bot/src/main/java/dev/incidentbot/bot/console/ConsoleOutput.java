package dev.incidentbot.bot.console;

import dev.incidentbot.chat.Severity;

/**
 * Where the console chat's messages go: a plain stream for piped input and tests ({@link
 * PlainOutput}), or a terminal with a prompt being edited ({@link TerminalOutput}). Text comes here
 * already made safe ({@link TerminalText}), one message at a time, each ending with a line feed.
 * Implementations are called from several threads and print each message whole.
 */
interface ConsoleOutput {

  /** Prints one message, followed by a blank line; {@code severity} may colour its headline. */
  void print(String message, Severity severity);

  /**
   * Shows the line a person typed before its answer, so that a transcript of piped input reads like
   * the chat. A terminal shows what was typed already, so it does nothing there.
   */
  default void echo(String line) {}
}
