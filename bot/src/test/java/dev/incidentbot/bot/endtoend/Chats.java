package dev.incidentbot.bot.endtoend;

import dev.incidentbot.bot.discord.fake.FakeDiscordExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * Both adapters on one running bot: the {@link FakeDiscordExtension}'s wiring, reached through real
 * JDA and through a console chat of its own. Start it in {@code @BeforeAll}, after the extension.
 */
final class Chats implements AutoCloseable {
  private final ConsoleSession console;
  private final DiscordSession discord;

  private Chats(ConsoleSession console, DiscordSession discord) {
    this.console = console;
    this.discord = discord;
  }

  static Chats on(FakeDiscordExtension discord) {
    try {
      return new Chats(
          new ConsoleSession(discord.wiring(), Files.createTempDirectory("console-attachments-")),
          new DiscordSession(discord));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Chat of(Adapter adapter) {
    return adapter == Adapter.CONSOLE ? console : discord;
  }

  ConsoleSession console() {
    return console;
  }

  DiscordSession discord() {
    return discord;
  }

  @Override
  public void close() throws InterruptedException {
    console.close();
  }
}
