package dev.incidentbot.bot.launch;

import dev.incidentbot.bot.Wiring;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.ConfigException;
import dev.incidentbot.bot.config.ConfigLoader;
import dev.incidentbot.bot.console.ConsoleChat;
import dev.incidentbot.bot.console.ConsoleTerminal;
import dev.incidentbot.bot.discord.DiscordBot;
import dev.incidentbot.bot.discord.DiscordToken;
import dev.incidentbot.bot.store.DatabaseUnavailableException;
import dev.incidentbot.template.TemplateException;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Starts the bot: {@code java -jar redis-incident-bot.jar [--config FILE]}. With a Discord token
 * ({@code DISCORD_TOKEN} or {@code discord.token}) it runs in Discord; without one it runs as a
 * console chat on standard input and output.
 */
public final class Main {
  static final Path DEFAULT_CONFIG = Path.of("config.yml");

  /** Where the console keeps attachments, its history and its log. */
  static final Path DATA_DIR = Path.of("data");

  private Main() {}

  /** slf4j-simple's default level; set before the first logger exists, unless given with -D. */
  private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.in, System.out, System.err));
  }

  static int run(String[] args, InputStream in, PrintStream out, PrintStream err) throws Exception {
    BotConfig config;
    try {
      config = loadConfig(args);
    } catch (ConfigException e) {
      err.println("config error: " + e.getMessage());
      return 2;
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 64;
    }
    Optional<String> token = DiscordToken.find(config, System::getenv);
    boolean interactive = token.isEmpty() && System.console() != null;
    if (System.getProperty(LOG_LEVEL) == null) {
      // the console is a chat: only warnings interrupt it; in Discord the log is the operator's
      // view
      System.setProperty(LOG_LEVEL, token.isPresent() ? "info" : "warn");
    }
    Optional<Path> logFile = interactive ? ConsoleTerminal.logToFile(DATA_DIR) : Optional.empty();
    Wiring started;
    try {
      started = new Wiring(config, Clock.systemUTC());
    } catch (TemplateException e) {
      err.println("template error: " + e.getMessage());
      return 2;
    } catch (DatabaseUnavailableException e) {
      err.println("database error: " + e.getMessage());
      return 2;
    }
    try (var wiring = started) {
      if (token.isPresent()) {
        return runInDiscord(wiring, token.get(), err);
      }
      if (interactive) {
        return runInTerminal(wiring, config, logFile, err);
      }
      return runOnStreams(wiring, config, in, out, err);
    }
  }

  /** Exit code 0 when stopped, 4 when the bot gave up; 3 when Discord or HTTP cannot start. */
  private static int runInDiscord(Wiring wiring, String token, PrintStream err)
      throws InterruptedException {
    try {
      return DiscordBot.runUntilStopped(wiring, token) ? 0 : 4;
    } catch (IllegalStateException e) {
      err.println("discord: " + e.getMessage());
      return 3;
    } catch (UncheckedIOException e) {
      return httpFailed(e, err);
    }
  }

  /** The console chat in a terminal (line editing, history, log to a file) until it ends. */
  private static int runInTerminal(
      Wiring wiring, BotConfig config, Optional<Path> logFile, PrintStream err) throws Exception {
    try (var terminal =
        ConsoleTerminal.open(
            wiring.router(),
            wiring.components(),
            config.consoleUsers(),
            wiring.clock(),
            wiring.workers(),
            wiring.targets()::names,
            wiring::start,
            DATA_DIR,
            logFile)) {
      try {
        wiring.startHttp(List.of());
      } catch (UncheckedIOException e) {
        return httpFailed(e, err);
      }
      terminal.run();
    }
    return 0;
  }

  /** The console chat on plain streams (piped input, tests) until the input ends. */
  private static int runOnStreams(
      Wiring wiring, BotConfig config, InputStream in, PrintStream out, PrintStream err)
      throws Exception {
    var console = ConsoleChat.of(wiring, out, DATA_DIR.resolve("attachments"));
    wiring.start(console);
    try {
      wiring.startHttp(List.of());
    } catch (UncheckedIOException e) {
      return httpFailed(e, err);
    }
    console.run(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
    return 0;
  }

  /** The HTTP endpoint could not start (its port taken, most often): exit code 3. */
  private static int httpFailed(UncheckedIOException e, PrintStream err) {
    err.println("http: " + e.getMessage() + " (" + e.getCause().getMessage() + ")");
    return 3;
  }

  static BotConfig loadConfig(String[] args) throws ConfigException {
    var loader = new ConfigLoader(System::getenv);
    Path file = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--config" -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("--config needs a file: --config config.yml");
          }
          file = Path.of(args[++i]);
        }
        case "--help", "-h" ->
            throw new IllegalArgumentException(
                "usage: java -jar redis-incident-bot.jar [--config FILE]");
        default ->
            throw new IllegalArgumentException(
                "unknown argument '"
                    + args[i]
                    + "'; usage: java -jar redis-incident-bot.jar"
                    + " [--config FILE]");
      }
    }
    if (file != null) {
      return loader.load(file);
    }
    return Files.exists(DEFAULT_CONFIG) ? loader.load(DEFAULT_CONFIG) : loader.defaults();
  }
}
