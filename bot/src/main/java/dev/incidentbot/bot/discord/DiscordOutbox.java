package dev.incidentbot.bot.discord;

import dev.incidentbot.bot.config.DiscordSettings;
import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Reply;
import java.util.List;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.entities.Message;
import net.dv8tion.jda.api.entities.channel.attribute.IThreadContainer;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.requests.ErrorResponse;

/**
 * Posts what the bot says on its own (follow-up results, status updates, alert threads) in the
 * configured channels and their threads, laid out within Discord's limits and mentioning nobody but
 * the on-call role when a reply asks for it, and edits such a message in place (an alert group's
 * update). Ephemeral does not apply here.
 *
 * <p>Thread-safe. Its methods block until Discord has answered: call them from worker threads,
 * never on JDA's event thread.
 */
final class DiscordOutbox implements Outbox {
  private final JDA jda;
  private final DiscordSettings settings;
  private final ReplyLayout layout;
  private final DiscordMessages messages;

  DiscordOutbox(JDA jda, DiscordSettings settings, DiscordMessages messages) {
    this.jda = jda;
    this.settings = settings;
    this.layout = new ReplyLayout(settings.onCallRoleId());
    this.messages = messages;
  }

  @Override
  public Place place(Channel channel) {
    return Place.channel(settings.channelId(channel));
  }

  @Override
  public Posted post(Place place, Reply reply) {
    GuildMessageChannel channel = channel(place.postTo());
    List<MessagePart> parts = layout.layout(reply);
    Message first = null;
    for (MessagePart part : parts) {
      Message sent = channel.sendMessage(messages.create(part)).complete();
      first = first == null ? sent : first;
    }
    return new Posted(place, first.getId());
  }

  /**
   * Edits one message the bot posted, in place: a reply that needs several messages cannot replace
   * one, and a message someone deleted cannot be edited; both answer false, and the caller posts.
   */
  @Override
  public boolean edit(Posted message, Reply reply) {
    List<MessagePart> parts = layout.layout(reply);
    if (parts.size() != 1 || !parts.get(0).files().isEmpty()) {
      return false;
    }
    GuildMessageChannel channel = channel(message.place().postTo());
    try {
      channel
          .editMessageById(message.messageId(), messages.edit(messages.create(parts.get(0))))
          .complete();
      return true;
    } catch (ErrorResponseException e) {
      if (e.getErrorResponse() == ErrorResponse.UNKNOWN_MESSAGE) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public Place startThread(Posted message, String name) {
    GuildMessageChannel channel = channel(message.place().channelId());
    if (!(channel instanceof IThreadContainer container)) {
      throw new IllegalStateException(
          "channel " + channel.getName() + " (" + channel.getId() + ") cannot hold threads");
    }
    String threadName = TextChunks.cut(name.isBlank() ? "thread" : name, DiscordLimits.THREAD_NAME);
    ThreadChannel thread =
        container.createThreadChannel(threadName, message.messageId()).complete();
    return message.place().inThread(thread.getId());
  }

  private GuildMessageChannel channel(String id) {
    GuildMessageChannel channel = jda.getChannelById(GuildMessageChannel.class, id);
    if (channel == null) {
      throw new IllegalStateException(
          "Discord channel "
              + id
              + " is not visible to the bot; check discord.channels and the bot's permissions");
    }
    return channel;
  }
}
