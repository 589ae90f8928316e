package dev.incidentbot.bot.console;

import dev.incidentbot.chat.Attachment;
import dev.incidentbot.chat.Reply;
import java.util.List;
import java.util.stream.IntStream;

/** A reply as the console shows it, buttons numbered from 1: for golden files. */
public final class ConsoleText {
  private ConsoleText() {}

  /** The console text of {@code reply}; attachments are noted by name. */
  public static String of(Reply reply) {
    List<Integer> numbers = IntStream.rangeClosed(1, reply.buttons().size()).boxed().toList();
    List<String> notes =
        reply.attachments().stream()
            .map(Attachment::fileName)
            .map(f -> "(attached " + f + ")")
            .toList();
    return TextRenderer.render(reply, numbers, notes);
  }
}
