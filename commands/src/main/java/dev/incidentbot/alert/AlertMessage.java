package dev.incidentbot.alert;

import dev.incidentbot.chat.Place;
import java.util.List;
import java.util.Objects;

/**
 * A message someone posted in an alert channel, as the chat adapter saw it: only the parts alert
 * formats use.
 *
 * @param place the channel it was posted in
 * @param messageId the platform's id of the message (a thread is started on it)
 * @param senderId the webhook id or user id that posted it
 * @param content the message text
 * @param embeds its embeds, in order
 */
public record AlertMessage(
    Place place, String messageId, String senderId, String content, List<Embed> embeds) {

  /** The text parts of one embed. */
  public record Embed(String title, String description) {
    public Embed {
      title = title == null ? "" : title;
      description = description == null ? "" : description;
    }
  }

  public AlertMessage {
    Objects.requireNonNull(place, "place");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(senderId, "senderId");
    content = content == null ? "" : content;
    embeds = List.copyOf(embeds);
  }

  /** The first embed's title, or "" without embeds. */
  public String firstTitle() {
    return embeds.isEmpty() ? "" : embeds.get(0).title();
  }

  /** The first embed's description, or "" without embeds. */
  public String firstDescription() {
    return embeds.isEmpty() ? "" : embeds.get(0).description();
  }
}
