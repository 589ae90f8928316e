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
 * update). Ephemeral does not apply here. A thread JDA does not hold (archived, or the bot
 * restarted) is fetched from Discord, and a post meant for a locked or deleted thread goes to its
 * parent channel with a line saying so ({@link PostTargets}), rather than being lost.
 *
 * <p>Thread-safe. Its methods block until Discord has answered: call them from worker threads,
 * never on JDA's event thread.
 */
final class DiscordOutbox implements Outbox {
  private static final Logger log = LoggerFactory.getLogger(DiscordOutbox.class);
  private final DiscordSettings settings;
  private final ReplyLayout layout;
  private final DiscordMessages messages;
  private final PostTargets targets;

  /**
   * Why an edit cannot be made where the message is, and a post is due instead: the message is gone
   * (10008), or its thread was archived (50083: no edits in archived threads), locked (160005) or
   * deleted (10003) since it was looked up (threads.mdx; opcodes-and-status-codes.mdx).
   */
  private static final java.util.Set<ErrorResponse> CANNOT_EDIT =
      java.util.EnumSet.of(
          ErrorResponse.UNKNOWN_MESSAGE,
          ErrorResponse.ILLEGAL_OPERATION_ARCHIVED_THREAD,
          ErrorResponse.THREAD_LOCKED,
          ErrorResponse.UNKNOWN_CHANNEL);

  DiscordOutbox(JDA jda, DiscordSettings settings, DiscordMessages messages) {
    this.settings = settings;
    this.layout = new ReplyLayout(settings.onCallRoleId());
    this.messages = messages;
    this.targets = new PostTargets(jda, settings);
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
    List<MessagePart> parts = layout.layout(reply);
    PostTargets.Target target = targets.forPost(place);
    try {
      return send(target, parts, key);
    } catch (ErrorResponseException e) {
      // the thread was locked or deleted since it was looked up: its parent takes the post
      PostTargets.Target instead = targets.afterRefusal(place, e).orElseThrow(() -> e);
      return send(instead, parts, key);
    }
  }

  /**
   * Sends {@code parts} to the target, the target's notice (if any) above the first one. An
   * archived thread that is not locked is unarchived by the first message (threads.mdx, "Active
   * &amp; Archived Threads").
   */
  private Posted send(PostTargets.Target target, List<MessagePart> parts, String key) {
    Message first = null;
    for (int i = 0; i < parts.size(); i++) {
      MessagePart part = parts.get(i);
      if (i == 0 && target.notice() != null) {
        part = withNotice(part, target.notice());
      }
      var action = target.channel().sendMessage(messages.create(part));
      if (key != null) {
        action = action.setNonce(MessageNonce.of(key, i));
      }
      Message sent = action.complete();
      first = first == null ? sent : first;
    }
    return new Posted(target.place(), first.getId());
  }

  /** {@code part} with {@code notice} as the first line of its content (above the embeds). */
  private static MessagePart withNotice(MessagePart part, String notice) {
    String content = part.content().isEmpty() ? notice : notice + "\n" + part.content();
    return new MessagePart(
        content,
        part.embeds(),
        part.buttons(),
        part.files(),
        part.mentionRoleId(),
        part.mentionUserIds());
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
    var channel = targets.forEdit(message.place());
    if (channel.isEmpty()) {
      return false; // an archived, locked or deleted thread: a post unarchives it or goes around
    }
    try {
      channel
          .get()
          .editMessageById(message.messageId(), messages.edit(messages.create(parts.get(0))))
          .complete();
      return true;
    } catch (ErrorResponseException e) {
      if (CANNOT_EDIT.contains(e.getErrorResponse())) {
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
    GuildMessageChannel channel = targets.channel(message.place().channelId());
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
}
