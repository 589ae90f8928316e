package dev.incidentbot.bot.fault;

import dev.incidentbot.bot.Wiring;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.ConfigLoader;
import dev.incidentbot.bot.discord.DiscordBot;
import dev.incidentbot.bot.discord.fake.FakeDiscord;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The bot's Discord mode in a child process ({@link BotProcess.Builder#discord}), as {@code Main}
 * runs it with a token, but with JDA pointed at a {@link FakeDiscord} in the test's JVM: its REST
 * and gateway URLs come as the system properties {@value #REST} and {@value #GATEWAY}, the token as
 * {@code DISCORD_TOKEN}. Exits 0 when stopped, 4 when the gateway lease was lost or the connection
 * ended on its own.
 */
public final class FakeDiscordMain {
  static final String REST = "fake.discord.rest";
  static final String GATEWAY = "fake.discord.gateway";

  private FakeDiscordMain() {}

  public static void main(String[] args) throws Exception {
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
    }
    BotConfig config = new ConfigLoader(System::getenv).load(Path.of(args[1]));
    int code;
    try (var wiring = new Wiring(config, Clock.systemUTC())) {
      boolean stopped =
          DiscordBot.runUntilStopped(
              wiring,
              System.getenv("DISCORD_TOKEN"),
              FakeDiscord.connection(System.getProperty(REST), System.getProperty(GATEWAY)));
      code = stopped ? 0 : 4;
    }
    System.exit(code);
  }
}
