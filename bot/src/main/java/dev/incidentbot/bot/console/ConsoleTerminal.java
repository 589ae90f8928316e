package dev.incidentbot.bot.console;

import dev.incidentbot.bot.config.BotConfig.ConsoleUser;
import dev.incidentbot.chat.ComponentStore;
import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.InfoCmp;

/**
 * The console chat at a real terminal, through JLine: line editing (arrows, Ctrl-A/E, Ctrl-R
 * search), a history kept across runs in {@code data/console_history}, Tab completion ({@link
 * ConsoleCompleter}), messages printed above the prompt ({@link TerminalOutput}) and colour by
 * severity unless {@code NO_COLOR} is set. Log lines go to a file, never between chat messages.
 *
 * <p>Used only when standard input is a terminal; piped input keeps the plain {@link ConsoleChat}
 * loop. Closing it restores the terminal.
 */
public final class ConsoleTerminal implements AutoCloseable {
  private static final String LOG_FILE = "org.slf4j.simpleLogger.logFile";

  private final Terminal terminal;
  private final LineReader reader;
  private final ConsoleChat chat;

  private ConsoleTerminal(Terminal terminal, LineReader reader, ConsoleChat chat) {
    this.terminal = terminal;
    this.reader = reader;
    this.chat = chat;
  }

  /**
   * Sends the bot's log to {@code dataDir/bot.log} unless a log file is already chosen; must run
   * before the first logger is made. Returns the file, or empty when it could not be created (the
   * log then stays on standard error).
   */
  public static Optional<Path> logToFile(Path dataDir) {
    if (System.getProperty(LOG_FILE) != null) {
      return Optional.of(Path.of(System.getProperty(LOG_FILE)));
    }
    try {
      Files.createDirectories(dataDir);
      Path file = dataDir.resolve("bot.log").toAbsolutePath();
      System.setProperty(LOG_FILE, file.toString());
      return Optional.of(file);
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }

  /**
   * Opens the system terminal and builds the chat on it.
   *
   * @param attach called with the chat once it exists, to make it the bot's outbox
   * @param logFile where the log goes, said once in the greeting
   */
  public static ConsoleTerminal open(
      Router router,
      ComponentStore components,
      List<ConsoleUser> users,
      Clock clock,
      ExecutorService workers,
      Supplier<List<String>> targetNames,
      Consumer<Outbox> attach,
      Path dataDir,
      Optional<Path> logFile) {
    Terminal terminal;
    try {
      terminal = TerminalBuilder.builder().system(true).build();
    } catch (IOException e) {
      throw new UncheckedIOException("could not open the terminal", e);
    }
    return on(
        terminal,
        router,
        components,
        users,
        clock,
        workers,
        targetNames,
        attach,
        dataDir,
        logFile,
        System::getenv);
  }

  /** The chat on a given terminal; tests use a terminal on piped streams. */
  static ConsoleTerminal on(
      Terminal terminal,
      Router router,
      ComponentStore components,
      List<ConsoleUser> users,
      Clock clock,
      ExecutorService workers,
      Supplier<List<String>> targetNames,
      Consumer<Outbox> attach,
      Path dataDir,
      Optional<Path> logFile,
      java.util.function.Function<String, String> env) {
    Integer colours = terminal.getNumericCapability(InfoCmp.Capability.max_colors);
    boolean colour = TerminalOutput.colourWanted(env, colours == null ? 0 : colours);
    var holder = new ConsoleChat[1];
    LineReader reader =
        LineReaderBuilder.builder()
            .terminal(terminal)
            .appName("redis-incident-bot")
            .completer(
                (r, line, candidates) ->
                    holder[0].completer(targetNames).complete(r, line, candidates))
            .variable(LineReader.HISTORY_FILE, dataDir.resolve("console_history"))
            .variable(LineReader.HISTORY_SIZE, 1000)
            .option(LineReader.Option.HISTORY_IGNORE_DUPS, true)
            .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
            .build();
    var chat =
        new ConsoleChat(
            router,
            components,
            users,
            new TerminalOutput(reader, colour),
            clock,
            workers,
            dataDir.resolve("attachments"));
    holder[0] = chat;
    attach.accept(chat);
    chat.greet(logFile);
    return new ConsoleTerminal(terminal, reader, chat);
  }

  /** Reads at the prompt until Ctrl-D, then waits for what is still running. */
  public void run() {
    chat.runInteractive(reader);
  }

  @Override
  public void close() {
    try {
      reader.getHistory().save();
    } catch (IOException | RuntimeException e) {
      // the history is a convenience: losing it must not stop the bot from closing
    }
    try {
      terminal.close();
    } catch (IOException e) {
      // the process is ending; nothing more to restore
    }
  }
}
