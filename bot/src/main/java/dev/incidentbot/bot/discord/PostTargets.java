package dev.incidentbot.bot.discord;

import dev.incidentbot.bot.config.DiscordSettings;
import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Place;
import java.util.Optional;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.Permission;
import net.dv8tion.jda.api.entities.channel.ChannelType;
import net.dv8tion.jda.api.entities.channel.concrete.ThreadChannel;
import net.dv8tion.jda.api.entities.channel.middleman.GuildMessageChannel;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.requests.Route;
import net.dv8tion.jda.api.utils.data.DataObject;
import net.dv8tion.jda.internal.JDAImpl;
import net.dv8tion.jda.internal.requests.RestActionImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the channel a post or an edit for a {@link Place} goes to, also when JDA's cache does not
 * hold it, and where a post goes instead when Discord will not take it there.
 *
 * <p>JDA caches only the guild's active threads: a GUILD_CREATE lists "all active threads in the
 * guild that current user has permission to view" (discord-api-docs,
 * developers/events/gateway-events.mdx, "Guild Create"), archived threads "are not synced up-front
 * via the gateway" (developers/topics/threads.mdx, "Active &amp; Archived Threads"), and JDA drops
 * a thread from its cache when a THREAD_UPDATE says it was archived. So after a restart, a failover
 * to another instance, or a thread's auto-archiving ({@code auto_archive_duration} of inactivity),
 * an incident or alert thread is simply not in the cache. Such a thread is fetched over REST with
 * Discord's Get Channel ({@code GET /channels/{channel.id}}, developers/resources/channel.mdx; in
 * {@code discord/discord-api-spec}, operation {@code get_channel}, answering a {@code
 * ThreadResponse} with its {@code thread_metadata}), archived or not. JDA 6 has no public call for
 * that (only {@code Guild#retrieveActiveThreads} and {@code
 * IThreadContainer#retrieveArchived…ThreadChannels}, which page through every archived thread of a
 * channel), so it goes through JDA's own request machinery ({@code Route.Channels.GET_CHANNEL} in a
 * {@code RestActionImpl}: JDA's rate limits, token and base URL) and JDA's entity builder, without
 * adding the thread to JDA's cache; that is the only use of JDA internals here.
 *
 * <p>Then, by Discord's rules (threads.mdx):
 *
 * <ul>
 *   <li>an archived thread that is not locked takes the post: "Sending a message will automatically
 *       unarchive the thread, unless the thread has been locked by a moderator" ("Active &amp;
 *       Archived Threads");
 *   <li>a locked thread takes no post from the bot: "Users (including bot users) without the {@code
 *       MANAGE_THREADS} permission … won't be able to create or update messages in locked threads"
 *       ("Locked Threads"), which the bot is not given (docs/discord.md). The post goes to the
 *       thread's parent channel with a line that links the thread ({@code <#id>}) and says it is
 *       locked;
 *   <li>a deleted thread is answered 404, code 10003 "Unknown Channel"
 *       (developers/topics/opcodes-and-status-codes.mdx): the post goes to its parent channel, or
 *       the ops channel when that is gone too, with a line saying the thread was deleted;
 *   <li>nobody edits messages in an archived thread ("Users cannot edit messages … in archived
 *       threads"; 50083 "Tried to perform an operation on an archived thread"), so an edit there is
 *       not attempted: the caller posts instead, which unarchives the thread.
 * </ul>
 *
 * <p>Thread-safe; its methods block on Discord's answers.
 */
final class PostTargets {
  private static final Logger log = LoggerFactory.getLogger(PostTargets.class);

  /**
   * Where a post goes.
   *
   * @param channel the channel or thread to post in
   * @param place the place the post lands at (the parent channel when the thread would not take it)
   * @param notice a line for above the post saying why it is not where it was meant to be, or null
   */
  record Target(GuildMessageChannel channel, Place place, String notice) {}

  /** What Discord says about a thread the cache does not hold. */
  private enum Gone {
    DELETED,
    LOCKED,
    NOT_VISIBLE
  }

  private final JDA jda;
  private final DiscordSettings settings;

  PostTargets(JDA jda, DiscordSettings settings) {
    this.jda = jda;
    this.settings = settings;
  }

  /**
   * Where a post for {@code place} goes: the channel or thread itself, from JDA's cache or fetched
   * over REST (an archived thread unarchives when the post arrives); a locked or deleted thread's
   * parent channel (or the ops channel) with a notice.
   *
   * @throws IllegalStateException when a channel that is not a thread is not visible to the bot
   */
  Target forPost(Place place) {
    String id = place.postTo();
    GuildMessageChannel cached = jda.getChannelById(GuildMessageChannel.class, id);
    if (cached != null) {
      return cached instanceof ThreadChannel thread && lockedForBot(thread)
          ? instead(place, Gone.LOCKED)
          : new Target(cached, place, null);
    }
    Fetched fetched = fetch(id);
    if (fetched.thread() != null) {
      return lockedForBot(fetched.thread())
          ? instead(place, Gone.LOCKED)
          : new Target(fetched.thread(), place, null);
    }
    if (fetched.gone() != null && place.threadId() != null) {
      return instead(place, fetched.gone());
    }
    throw notVisible(id);
  }

  /**
   * Where a post goes after Discord refused it at {@code place}'s thread: the thread was locked
   * (160005; 50083 for a locked archived thread, which a post cannot unarchive) or deleted (10003)
   * since it was looked up. Empty for any other refusal.
   */
  Optional<Target> afterRefusal(Place place, ErrorResponseException refused) {
    if (place.threadId() == null) {
      return Optional.empty();
    }
    ErrorResponse error = refused.getErrorResponse();
    if (error == ErrorResponse.THREAD_LOCKED
        || error == ErrorResponse.ILLEGAL_OPERATION_ARCHIVED_THREAD) {
      return Optional.of(instead(place, Gone.LOCKED));
    }
    if (error == ErrorResponse.UNKNOWN_CHANNEL) {
      return Optional.of(instead(place, Gone.DELETED));
    }
    return Optional.empty();
  }

  /**
   * The channel or thread a message at {@code place} can be edited in, or empty when it cannot be
   * (an archived, locked or deleted thread): the caller then posts instead.
   *
   * @throws IllegalStateException when a channel that is not a thread is not visible to the bot
   */
  Optional<GuildMessageChannel> forEdit(Place place) {
    String id = place.postTo();
    GuildMessageChannel cached = jda.getChannelById(GuildMessageChannel.class, id);
    GuildMessageChannel channel = cached;
    if (channel == null) {
      Fetched fetched = fetch(id);
      if (fetched.thread() == null) {
        if (fetched.gone() != null && place.threadId() != null) {
          return Optional.empty();
        }
        throw notVisible(id);
      }
      channel = fetched.thread();
    }
    if (channel instanceof ThreadChannel thread && (thread.isArchived() || lockedForBot(thread))) {
      return Optional.empty();
    }
    return Optional.of(channel);
  }

  /** A configured channel (not a thread), from JDA's cache. */
  GuildMessageChannel channel(String id) {
    GuildMessageChannel channel = jda.getChannelById(GuildMessageChannel.class, id);
    if (channel == null) {
      throw notVisible(id);
    }
    return channel;
  }

  /**
   * Whether the bot may not post in {@code thread}: it is locked and the bot lacks MANAGE_THREADS
   * (threads.mdx, "Locked Threads").
   */
  private boolean lockedForBot(ThreadChannel thread) {
    return thread.isLocked()
        && !thread.getGuild().getSelfMember().hasPermission(thread, Permission.MANAGE_THREADS);
  }

  /**
   * The parent channel of {@code place}'s thread (the ops channel when the parent is not visible
   * either), with the notice for why.
   */
  private Target instead(Place place, Gone why) {
    String threadId = place.postTo();
    GuildMessageChannel parent = jda.getChannelById(GuildMessageChannel.class, place.channelId());
    if (parent == null) {
      String ops = settings.channelId(Outbox.Channel.OPS);
      parent = jda.getChannelById(GuildMessageChannel.class, ops);
      if (parent == null) {
        throw notVisible(ops);
      }
    }
    String notice =
        switch (why) {
          case LOCKED ->
              "⚠️ Posted here because the thread <#"
                  + threadId
                  + "> is locked: the bot may not post in a locked thread. A moderator can"
                  + " unlock it.";
          case DELETED ->
              "⚠️ Posted here because the thread this belongs in (" + threadId + ") was deleted.";
          case NOT_VISIBLE ->
              "⚠️ Posted here because the thread <#"
                  + threadId
                  + "> is not visible to the bot; check its permissions there.";
        };
    log.warn(
        "thread {} is {}; posting in #{} ({}) instead",
        threadId,
        why.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
        parent.getName(),
        parent.getId());
    return new Target(parent, Place.channel(parent.getId()), notice);
  }

  /** A thread fetched over REST, or why there is none. */
  private record Fetched(ThreadChannel thread, Gone gone) {}

  /**
   * Get Channel ({@code GET /channels/{id}}): the thread as Discord has it now, archived or not,
   * without adding it to JDA's cache; a deleted one is {@link Gone#DELETED} (10003), one the bot
   * may not see {@link Gone#NOT_VISIBLE} (50001 Missing Access), a channel that is not a thread
   * neither.
   */
  private Fetched fetch(String id) {
    if (!id.matches("\\d{1,20}")) {
      return new Fetched(null, null);
    }
    try {
      ThreadChannel thread =
          new RestActionImpl<ThreadChannel>(
                  jda,
                  Route.Channels.GET_CHANNEL.compile(id),
                  (response, request) -> threadOf(response.getObject()))
              .complete();
      return new Fetched(thread, null);
    } catch (ErrorResponseException e) {
      if (e.getErrorResponse() == ErrorResponse.UNKNOWN_CHANNEL) {
        return new Fetched(null, Gone.DELETED);
      }
      if (e.getErrorResponse() == ErrorResponse.MISSING_ACCESS) {
        return new Fetched(null, Gone.NOT_VISIBLE);
      }
      throw e;
    }
  }

  /** The thread {@code json} describes, or null when it is no thread of a cached guild channel. */
  private ThreadChannel threadOf(DataObject json) {
    if (!ChannelType.fromId(json.getInt("type", -1)).isThread()) {
      return null;
    }
    try {
      return ((JDAImpl) jda)
          .getEntityBuilder()
          .createThreadChannel(null, json, json.getUnsignedLong("guild_id"), false);
    } catch (IllegalArgumentException | IllegalStateException e) {
      log.warn("thread {}: its guild or parent channel is not visible to the bot", json, e);
      return null;
    }
  }

  private static IllegalStateException notVisible(String id) {
    return new IllegalStateException(
        "Discord channel "
            + id
            + " is not visible to the bot; check discord.channels and the bot's permissions");
  }
}
