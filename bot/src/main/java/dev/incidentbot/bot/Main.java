package dev.incidentbot.bot;

import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.ConfigException;
import dev.incidentbot.bot.config.ConfigLoader;
import dev.incidentbot.bot.console.ConsoleChat;
import dev.incidentbot.template.TemplateException;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Starts the bot: {@code java -jar redis-incident-bot.jar [--config FILE]}. With no Discord token
 * it runs as a console chat on standard input and output.
 */
public final class Main {
  static final Path DEFAULT_CONFIG = Path.of("config.yml");

  private Main() {}

  public static void main(String[] args) throws Exception {
    System.setProperty(
        "org.slf4j.simpleLogger.defaultLogLevel",
        System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
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
    Wiring started;
    try {
      started = new Wiring(config, Clock.systemUTC());
    } catch (TemplateException e) {
      err.println("template error: " + e.getMessage());
      return 2;
    }
    try (var wiring = started) {
      var console =
          new ConsoleChat(
              wiring.router(),
              wiring.components(),
              config.consoleUsers(),
              out,
              wiring.clock(),
              wiring.workers(),
              Path.of("data", "attachments"));
      wiring.attach(console);
      boolean interactive = System.console() != null;
      if (interactive) {
        console.greet();
      }
      console.run(
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), interactive);
    }
    return 0;
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
