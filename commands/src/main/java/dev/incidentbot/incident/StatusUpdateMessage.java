package dev.incidentbot.incident;

import dev.incidentbot.chat.CodeBlock;
import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A status update as rendered from the {@code status-update} reply template: the chat message
 * ({@link #reply()}, its fields as the template made them) and, from the same reply, the plain text
 * that other outlets (webhooks) get and that is stored as the update "as sent" ({@link #text()}):
 *
 * <pre>
 * Subject: the title
 *
 * the text, if any
 *
 * Status: Investigating            consecutive inline fields, one "Name: value" line each
 * Impact: Posts publish late
 *
 * Summary:                         any other field (or an inline one over several lines)
 * Redis cache is out of memory.
 * </pre>
 *
 * Blocks are separated by one blank line; code blocks follow the text, as in chat. Nothing is read
 * back from text.
 *
 * @param reply the update for chat: subject as title, colour, fields
 */
public record StatusUpdateMessage(Reply reply) {
  static final String SUBJECT_PREFIX = "Subject:";

  public StatusUpdateMessage {
    Objects.requireNonNull(reply, "reply");
  }

  /** The subject, {@code [INCIDENT] Redis Service Disruption - SmartBeak}. */
  public String subject() {
    return reply.title();
  }

  /** Everything under the subject, as plain text, without leading or trailing blank lines. */
  public String body() {
    var blocks = new ArrayList<String>();
    if (!reply.text().isBlank()) {
      blocks.add(reply.text().strip());
    }
    for (CodeBlock code : reply.codeBlocks()) {
      blocks.add(code.content().strip());
    }
    var facts = new ArrayList<String>();
    for (Field f : reply.fields()) {
      String value = f.value().strip();
      if (f.inline() && !value.contains("\n")) {
        facts.add(f.name() + ": " + value);
        continue;
      }
      flush(facts, blocks);
      blocks.add(f.name() + ":\n" + value);
    }
    flush(facts, blocks);
    return String.join("\n\n", blocks);
  }

  /** Subject line, blank line, body: the message for plain-text outlets. */
  public String text() {
    String body = body();
    return SUBJECT_PREFIX + " " + subject() + (body.isEmpty() ? "" : "\n\n" + body);
  }

  private static void flush(List<String> facts, List<String> blocks) {
    if (!facts.isEmpty()) {
      blocks.add(String.join("\n", facts));
      facts.clear();
    }
  }
}
