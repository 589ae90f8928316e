package dev.incidentbot.bot.discord;

import dev.incidentbot.chat.Attachment;
import dev.incidentbot.chat.Button;
import java.util.List;

/**
 * One Discord message of a reply, within {@link DiscordLimits}: a reply too long for one message
 * becomes several parts, sent as the answer and its follow-ups.
 *
 * @param content plain text above the embeds: only mentions (the on-call role, people), or empty
 * @param embeds at most 10, together at most 6,000 characters
 * @param buttons at most 25, laid out five to a row
 * @param files at most 10
 * @param mentionRoleId the one role this part may mention, or null for none
 * @param mentionUserIds the people this part may mention (those in {@code content})
 */
record MessagePart(
    String content,
    List<EmbedPart> embeds,
    List<Button> buttons,
    List<Attachment> files,
    String mentionRoleId,
    List<String> mentionUserIds) {
  MessagePart {
    mentionUserIds = List.copyOf(mentionUserIds);
    embeds = List.copyOf(embeds);
    buttons = List.copyOf(buttons);
    files = List.copyOf(files);
  }
}
