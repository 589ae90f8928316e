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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private static final Logger log = LoggerFactory.getLogger(DiscordOutbox.class);
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
    return post(place, reply, null);
  }

  /**
   * Posts each message of {@code reply} with its own nonce derived from {@code key} ({@link
   * MessageNonce}); JDA sends every message with {@code enforce_nonce}, so Discord answers a repeat
   * within its nonce window with the message created the first time (the message resource docs,
   * Create Message, "nonce" and "enforce_nonce"). Without a key JDA picks a random nonce.
   */
  @Override
  public Posted post(Place place, Reply reply, String key) {
    GuildMessageChannel channel = channel(place.postTo());
    List<MessagePart> parts = layout.layout(reply);
    Message first = null;
    for (int i = 0; i < parts.size(); i++) {
      var action = channel.sendMessage(messages.create(parts.get(i)));
      if (key != null) {
        action = action.setNonce(MessageNonce.of(key, i));
      }
      Message sent = action.complete();
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

  /**
   * Starts the thread; when the message has one already (a start repeated after a crash), Discord
   * answers 160004 "A thread has already been created for this message", and a thread started from
   * a message has that message's id (developers/topics/threads.mdx, "Start Thread from Message"):
   * that thread is the answer.
   */
  @Override
  public Place startThread(Posted message, String name) {
    GuildMessageChannel channel = channel(message.place().channelId());
    if (!(channel instanceof IThreadContainer container)) {
      throw new IllegalStateException(
          "channel " + channel.getName() + " (" + channel.getId() + ") cannot hold threads");
    }
    String threadName = TextChunks.cut(name.isBlank() ? "thread" : name, DiscordLimits.THREAD_NAME);
    try {
      ThreadChannel thread =
          container.createThreadChannel(threadName, message.messageId()).complete();
      return message.place().inThread(thread.getId());
    } catch (ErrorResponseException e) {
      if (e.getErrorResponse() == ErrorResponse.THREAD_WITH_THIS_MESSAGE_ALREADY_EXISTS) {
        log.info("message {} has its thread already; posting in it", message.messageId());
        return message.place().inThread(message.messageId());
      }
      throw e;
    }
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
