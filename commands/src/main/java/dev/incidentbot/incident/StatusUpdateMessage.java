package dev.incidentbot.incident;

import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A status update as rendered from the template: a subject and a plain-text body. Other outlets
 * (webhooks, e-mail) take {@link #text()}; chat takes {@link #toReply}, which lays the body out by
 * one rule so that an overridden template shapes the embed too:
 *
 * <ul>
 *   <li>{@code Name: value} on one line becomes a field (Status, Impact, Start Time, …); the name
 *       starts with a capital letter and ends at the first {@code ": "};
 *   <li>{@code Name:} alone on a line becomes a field holding the lines below it, up to the next
 *       blank line (Summary, User Impact, Next Steps);
 *   <li>any other line is free text under the subject.
 * </ul>
 *
 * <p>The template's first line must be {@code Subject: …}.
 *
 * @param subject the subject, {@code [INCIDENT] Redis Service Disruption - SmartBeak}
 * @param body everything after the subject line, without leading or trailing blank lines
 */
public record StatusUpdateMessage(String subject, String body) {
  static final String SUBJECT_PREFIX = "Subject:";
  private static final Pattern NAMED = Pattern.compile("([A-Z].{0,100}?):(?: (.*))?");

  public StatusUpdateMessage {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(body, "body");
  }

  /**
   * Splits rendered template output into subject and body.
   *
   * @throws IllegalArgumentException when the first line is not {@code Subject: …}
   */
  public static StatusUpdateMessage parse(String rendered) {
    String text = rendered.replace("\r\n", "\n").stripLeading();
    int nl = text.indexOf('\n');
    String first = nl < 0 ? text : text.substring(0, nl);
    if (!first.startsWith(SUBJECT_PREFIX) || first.substring(SUBJECT_PREFIX.length()).isBlank()) {
      throw new IllegalArgumentException(
          "the first line must be 'Subject: …', not '" + first.strip() + "'");
    }
    String body = nl < 0 ? "" : text.substring(nl + 1);
    return new StatusUpdateMessage(first.substring(SUBJECT_PREFIX.length()).strip(), body.strip());
  }

  /** Subject line, blank line, body: the message for plain-text outlets. */
  public String text() {
    return SUBJECT_PREFIX + " " + subject + "\n\n" + body;
  }

  /** The message for chat: subject as title, the body's named parts as fields. */
  public Reply toReply(Severity severity) {
    var reply = Reply.builder(subject).severity(severity);
    List<String> lines = body.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      Matcher m = NAMED.matcher(line.strip());
      if (m.matches() && m.group(2) != null && !m.group(2).isBlank()) {
        reply.field(m.group(1), m.group(2).strip());
      } else if (m.matches() && (m.group(2) == null || m.group(2).isBlank())) {
        var block = new ArrayList<String>();
        while (i + 1 < lines.size() && !lines.get(i + 1).isBlank()) {
          block.add(lines.get(++i));
        }
        reply.field(m.group(1), block.isEmpty() ? "—" : String.join("\n", block));
      } else {
        reply.line(line);
      }
    }
    return reply.build();
  }
}
