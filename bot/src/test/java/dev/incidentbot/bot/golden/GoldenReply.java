package dev.incidentbot.bot.golden;

import dev.incidentbot.bot.console.ConsoleText;
import dev.incidentbot.bot.discord.DiscordPayloads;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.testing.Golden;
import java.io.IOException;

/** A reply against its golden files: the console text ({@code .txt}) and Discord JSON. */
final class GoldenReply {
  private GoldenReply() {}

  /** Checks {@code reply} against {@code golden/<base>.txt} and {@code golden/<base>.json}. */
  static void check(String base, Reply reply) throws IOException {
    Golden.check(base + ".txt", ConsoleText.of(reply));
    Golden.check(base + ".json", DiscordPayloads.json(reply));
  }
}
