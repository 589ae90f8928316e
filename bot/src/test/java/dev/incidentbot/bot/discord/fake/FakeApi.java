package dev.incidentbot.bot.discord.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidentbot.bot.discord.fake.FakeDiscord.Rejection;
import dev.incidentbot.bot.discord.fake.FakeRest.Answer;
import dev.incidentbot.bot.discord.fake.FakeRest.Body;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * What the fake Discord holds (messages, interactions, registered commands) and the REST operations
 * on it, each checked as Discord checks it ({@link DiscordRules}); also the record of rejections
 * and violations. {@link FakeRest} calls the operations; {@link FakeDiscord} reads snapshots.
 * Thread-safe: every method holds this object's lock.
 */
final class FakeApi {
  private final Snowflakes ids;
  private final FakeGuild guild;
  private final Supplier<String> restUrl;
  private final BiConsumer<String, JsonNode> events;
  private final Map<String, MessageState> messages = new LinkedHashMap<>();
  private final Map<String, InteractionState> interactions = new LinkedHashMap<>();
  private final List<Rejection> rejections = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();
  private ArrayNode commands = Json.array();
  private final Map<String, Nonced> nonces = new LinkedHashMap<>();
  private Duration nonceWindow = FakeDiscord.NONCE_WINDOW;
  private Duration tokenLifetime = FakeDiscord.TOKEN_LIFETIME;

  /**
   * @param events sends a gateway dispatch (type, data) to the bot's sessions, if any are connected
   */
  FakeApi(
      Snowflakes ids,
      FakeGuild guild,
      Supplier<String> restUrl,
      BiConsumer<String, JsonNode> events) {
    this.ids = ids;
    this.guild = guild;
    this.restUrl = restUrl;
    this.events = events;
  }

  // ---- REST operations ------------------------------------------------------------------------
  synchronized Answer registerCommands(String guildId, JsonNode body) {
    if (!guild.id.equals(guildId)) {
      return Answer.error(403, 50001, "Missing Access");
    }
    var problems = new LinkedHashMap<String, String>();
    for (int n = 0; n < body.size(); n++) {
      problems.putAll(DiscordRules.checkCommand(body.get(n), Integer.toString(n)));
    }
    if (!problems.isEmpty()) {
      return new Answer(400, DiscordRules.error(problems));
    }
    ArrayNode registered = Json.array();
    for (JsonNode command : body) {
      ObjectNode c = command.deepCopy();
      c.put("id", ids.next())
          .put("application_id", guild.botId)
          .put("guild_id", guild.id)
          .put("version", ids.next());
      if (!c.has("type")) {
        c.put("type", 1);
      }
      registered.add(c);
    }
    commands = registered;
    return Answer.ok(registered.deepCopy());
  }

  synchronized ArrayNode commandsJson() {
    return commands.deepCopy();
  }

  synchronized Answer callback(String id, String token, Body body) {
    InteractionState i = interactions.get(id);
    if (i == null || !i.token.equals(token)) {
      return Answer.error(404, 10062, "Unknown interaction");
    }
    if (i.acknowledgedAt != null) {
      return Answer.error(400, 40060, "Interaction has already been acknowledged.");
    }
    Instant now = Instant.now();
    if (Duration.between(i.sentAt, now).compareTo(FakeDiscord.ACK_DEADLINE) > 0) {
      violation(
          i.description
              + " was acknowledged after "
              + Duration.between(i.sentAt, now).toMillis()
              + " ms, more than 3 s");
      return Answer.error(404, 10062, "Unknown interaction");
    }
    int type = body.json().path("type").asInt();
    JsonNode data = body.json().path("data");
    MessageState message = null;
    switch (type) {
      case 4 -> {
        Answer invalid = invalid(data, true, body.files(), DiscordRules.CALLBACK_FLAGS, 0);
        if (invalid != null) {
          return invalid;
        }
        message = newMessage(i.channelId, new Body(data, body.files()), 20, i);
        message.json.put("flags", data.path("flags").asInt(0) & 64);
        i.originalMessageId = message.id();
      }
      case 5 -> {
        message = newMessage(i.channelId, new Body(Json.object(), Map.of()), 20, i);
        message.json.put("flags", 128 | (data.path("flags").asInt(0) & 64));
        i.originalMessageId = message.id();
      }
      case 6 -> {
        if (i.clickedMessageId == null) {
          return notValidFor(i, type);
        }
        i.originalMessageId = i.clickedMessageId;
      }
      case 7 -> {
        if (i.clickedMessageId == null) {
          return notValidFor(i, type);
        }
        Answer invalid = invalid(data, false, body.files(), DiscordRules.CALLBACK_FLAGS, 0);
        if (invalid != null) {
          return invalid;
        }
        message = messages.get(i.clickedMessageId);
        edit(message, new Body(data, body.files()));
        i.originalMessageId = i.clickedMessageId;
      }
      case 8 -> {
        if (i.type != 4) {
          return notValidFor(i, type);
        }
        var problems = DiscordRules.checkChoices(data.path("choices"));
        if (!problems.isEmpty()) {
          return new Answer(400, DiscordRules.error(problems));
        }
        i.choices = data.path("choices").deepCopy();
      }
      case 9 -> {
        if (i.type != 2 && i.type != 3) {
          return notValidFor(i, type); // not after autocomplete, not as the answer to a modal
        }
        var problems = DiscordRules.checkModal(data);
        if (!problems.isEmpty()) {
          return new Answer(400, DiscordRules.error(problems));
        }
        i.modal = numbered(data.deepCopy());
      }
      default -> {
        return Answer.error(400, 50035, "Invalid interaction callback type " + type);
      }
    }
    i.acknowledgedAt = now;
    i.callbackType = type;
    ObjectNode answer = Json.object();
    answer
        .putObject("interaction")
        .put("id", i.id)
        .put("type", i.type)
        .put("response_message_id", i.originalMessageId)
        .put("response_message_loading", type == 5)
        .put("response_message_ephemeral", message != null && message.snapshot().ephemeral());
    ObjectNode resource = answer.putObject("resource").put("type", type);
    if (message != null) {
      resource.set("message", message.json.deepCopy());
    }
    return Answer.ok(answer);
  }

  private static Answer notValidFor(InteractionState i, int callbackType) {
    return new Answer(
        400,
        DiscordRules.error(
            Map.of(
                "type",
                "Interaction callback type "
                    + callbackType
                    + " is not valid for interaction type "
                    + i.type
                    + (i.clickedMessageId == null ? " without a message" : ""))));
  }

  /** Gives every component of an accepted modal an {@code id}, as Discord does when none is set. */
  private static ObjectNode numbered(ObjectNode modal) {
    int next = 1;
    for (JsonNode top : modal.path("components")) {
      if (!top.has("id")) {
        ((ObjectNode) top).put("id", next);
      }
      next = Math.max(next, top.path("id").asInt()) + 1;
      JsonNode child = top.has("component") ? top.get("component") : top.path("components").path(0);
      if (child.isObject() && !child.has("id")) {
        ((ObjectNode) child).put("id", next);
      }
      next = Math.max(next, child.path("id").asInt()) + 1;
    }
    return modal;
  }

  /** How long an interaction token is valid; shorter in tests of long work. */
  synchronized void tokenLifetime(Duration lifetime) {
    tokenLifetime = lifetime;
  }

  /**
   * Discord's answer to a webhook call with an interaction token older than its lifetime
   * (developers/interactions/receiving-and-responding.mdx, "Interaction Callback" and "Followup
   * Messages": tokens are valid for 15 minutes; developers/topics/opcodes-and-status-codes.mdx,
   * JSON error 50027 "Invalid webhook token provided", HTTP 401), or null while it is valid.
   */
  private Answer expired(InteractionState i) {
    if (Duration.between(i.sentAt, Instant.now()).compareTo(tokenLifetime) > 0) {
      return Answer.error(401, 50027, "Invalid Webhook Token");
    }
    return null;
  }

  /**
   * A follow-up message. While the answer to a deferral (callback type 5) is still "thinking…", a
   * follow-up does not create a message: it edits that answer, and its ephemeral flag is ignored
   * (developers/interactions/receiving-and-responding.mdx, "Create Followup Message": "When using
   * this endpoint directly after responding to an interaction with
   * DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE, this endpoint will function as Edit Original Interaction
   * Response … The ephemeral flag will be ignored").
   */
  synchronized Answer followUp(String token, Body body) {
    InteractionState i = byToken(token);
    if (i == null || i.acknowledgedAt == null) {
      return Answer.error(404, 10015, "Unknown Webhook");
    }
    Answer gone = expired(i);
    if (gone != null) {
      return gone;
    }
    Answer invalid = invalid(body.json(), true, body.files(), DiscordRules.FOLLOW_UP_FLAGS, 0);
    if (invalid != null) {
      return invalid;
    }
    MessageState original = i.originalMessageId == null ? null : messages.get(i.originalMessageId);
    if (i.callbackType == 5
        && original != null
        && !original.deleted
        && original.snapshot().loading()) {
      edit(original, body);
      return Answer.ok(original.json.deepCopy());
    }
    MessageState m = newMessage(i.channelId, body, 0, i);
    m.json.put("flags", body.json().path("flags").asInt(0) & 64);
    i.followUps.add(m.id());
    return Answer.ok(m.json.deepCopy());
  }

  synchronized Answer editWebhookMessage(String token, String messageId, Body body) {
    InteractionState i = byToken(token);
    Answer gone = i == null ? null : expired(i);
    if (gone != null) {
      return gone;
    }
    MessageState m = i == null ? null : messages.get(resolve(i, messageId));
    if (m == null || m.deleted) {
      return Answer.error(404, 10008, "Unknown Message");
    }
    Answer invalid = invalid(body.json(), false, body.files(), DiscordRules.EDIT_FLAGS, m.flags());
    if (invalid != null) {
      return invalid;
    }
    edit(m, body);
    return Answer.ok(m.json.deepCopy());
  }

  synchronized Answer getWebhookMessage(String token, String messageId) {
    InteractionState i = byToken(token);
    Answer gone = i == null ? null : expired(i);
    if (gone != null) {
      return gone;
    }
    MessageState m = i == null ? null : messages.get(resolve(i, messageId));
    return m == null || m.deleted
        ? Answer.error(404, 10008, "Unknown Message")
        : Answer.ok(m.json.deepCopy());
  }

  synchronized Answer deleteWebhookMessage(String token, String messageId) {
    InteractionState i = byToken(token);
    Answer gone = i == null ? null : expired(i);
    if (gone != null) {
      return gone;
    }
    MessageState m = i == null ? null : messages.get(resolve(i, messageId));
    if (m == null || m.deleted) {
      return Answer.error(404, 10008, "Unknown Message");
    }
    m.deleted = true;
    return Answer.noContent();
  }

  synchronized Answer channelMessage(String channelId, Body body) {
    if (!knownChannel(channelId)) {
      return Answer.error(404, 10003, "Unknown Channel");
    }
    Answer invalid = invalid(body.json(), true, body.files(), DiscordRules.CREATE_FLAGS, 0);
    if (invalid != null) {
      return invalid;
    }
    Answer closed = threadClosed(channelId, true);
    if (closed != null) {
      return closed;
    }
    Map<String, String> badNonce = DiscordRules.checkNonce(body.json());
    if (!badNonce.isEmpty()) {
      return new Answer(400, DiscordRules.error(badNonce));
    }
    String nonceKey = enforcedNonce(body.json());
    if (nonceKey != null) {
      Nonced earlier = nonces.get(nonceKey);
      if (earlier != null && earlier.at().plus(nonceWindow).isAfter(Instant.now())) {
        return Answer.ok(messages.get(earlier.messageId()).json.deepCopy());
      }
    }
    MessageState created = newMessage(channelId, body, 0, null);
    if (body.json().has("nonce")) {
      created.json.set("nonce", body.json().get("nonce").deepCopy());
    }
    if (nonceKey != null) {
      nonces.put(nonceKey, new Nonced(created.id(), Instant.now()));
    }
    return Answer.ok(created.json.deepCopy());
  }

  /**
   * The key a message's nonce is deduplicated under, or null when it asks for no deduplication
   * (developers/resources/message.mdx, Create Message: "If enforce_nonce is set to true and a
   * message with the same nonce was created by the same author within the past few minutes, that
   * message will be returned and no new message will be created"): per author, across channels, the
   * integer and the string of the same digits alike. Every channel message here is the bot's.
   */
  private String enforcedNonce(JsonNode body) {
    if (!body.path("enforce_nonce").asBoolean(false) || !body.hasNonNull("nonce")) {
      return null;
    }
    return guild.botId + "/" + body.get("nonce").asText();
  }

  /**
   * How long an enforced nonce answers the message it created ({@link FakeDiscord#nonceWindow}).
   */
  synchronized void nonceWindow(Duration window) {
    nonceWindow = window;
  }

  synchronized Answer editChannelMessage(String channelId, String messageId, Body body) {
    MessageState m = messages.get(messageId);
    if (m == null || m.deleted || !m.json.path("channel_id").asText().equals(channelId)) {
      return Answer.error(404, 10008, "Unknown Message");
    }
    Answer invalid = invalid(body.json(), false, body.files(), DiscordRules.EDIT_FLAGS, m.flags());
    if (invalid != null) {
      return invalid;
    }
    Answer closed = threadClosed(channelId, false);
    if (closed != null) {
      return closed;
    }
    edit(m, body);
    return Answer.ok(m.json.deepCopy());
  }

  synchronized Answer getChannelMessage(String channelId, String messageId) {
    MessageState m = messages.get(messageId);
    return m == null || m.deleted || !m.json.path("channel_id").asText().equals(channelId)
        ? Answer.error(404, 10008, "Unknown Message")
        : Answer.ok(m.json.deepCopy());
  }

  /**
   * Get Channel (developers/resources/channel.mdx): any channel of the guild, a thread whether
   * active or archived, locked or not, "a thread member object is included in the returned result"
   * (the bot's: it is a member of every thread it started); a channel that does not exist (a
   * deleted thread) is 404, code 10003 "Unknown Channel" (opcodes-and-status-codes.mdx).
   */
  synchronized Answer getChannel(String channelId) {
    if (!knownChannel(channelId)) {
      return Answer.error(404, 10003, "Unknown Channel");
    }
    ObjectNode channel = guild.channelJson(channelId);
    if (guild.threads.containsKey(channelId)) {
      channel.set("member", botThreadMember(channelId));
    }
    return Answer.ok(channel);
  }

  /** Archives (and locks) a thread; answers its channel object as it is now. */
  synchronized JsonNode archiveThread(String threadId, boolean locked) {
    ObjectNode thread = guild.threads.get(threadId);
    if (thread == null) {
      throw new IllegalArgumentException("no thread " + threadId);
    }
    ((ObjectNode) thread.path("thread_metadata"))
        .put("archived", true)
        .put("locked", locked)
        .put("archive_timestamp", OffsetDateTime.now().toString());
    return thread.deepCopy();
  }

  /** Deletes a thread; answers what THREAD_DELETE carries of it. */
  synchronized JsonNode deleteThread(String threadId) {
    ObjectNode thread = guild.threads.remove(threadId);
    if (thread == null) {
      throw new IllegalArgumentException("no thread " + threadId);
    }
    return Json.object()
        .put("id", threadId)
        .put("guild_id", guild.id)
        .put("parent_id", thread.path("parent_id").asText())
        .put("type", thread.path("type").asInt());
  }

  synchronized Answer threadFromMessage(String channelId, String messageId, JsonNode body) {
    MessageState m = messages.get(messageId);
    if (m == null || !m.json.path("channel_id").asText().equals(channelId)) {
      return Answer.error(404, 10008, "Unknown Message");
    }
    String name = body.path("name").asText("");
    if (name.isEmpty() || name.length() > 100) {
      return new Answer(
          400, DiscordRules.error(Map.of("name", "Must be between 1 and 100 in length.")));
    }
    if (guild.threads.containsKey(messageId)) {
      return Answer.error(400, 160004, "A thread has already been created for this message");
    }
    ObjectNode thread = guild.createThread(channelId, messageId, name);
    m.json.set("thread", thread.deepCopy());
    // gateway-events.mdx, "Thread Create": sent when a thread is created, "includes an additional
    // newly_created boolean field"
    events.accept("THREAD_CREATE", thread.deepCopy().put("newly_created", true));
    return new Answer(201, thread);
  }

  synchronized void recordRejection(String method, String path, Answer answer) {
    rejections.add(new Rejection(method, path, answer.status(), answer.body()));
  }

  synchronized void violation(String problem) {
    violations.add(problem);
  }

  // ---- snapshots for FakeDiscord --------------------------------------------------------------

  synchronized void add(InteractionState interaction) {
    interactions.put(interaction.id, interaction);
  }

  synchronized void checkAcknowledged(InteractionState i) {
    if (interactions.get(i.id) == i && i.acknowledgedAt == null) {
      violation(i.description + " was not acknowledged within 3 s");
    }
  }

  /** The answer to an interaction, once it exists and is no longer "thinking…". */
  synchronized Optional<FakeMessage> answer(String interactionId) {
    String original = interactions.get(interactionId).originalMessageId;
    MessageState m = original == null ? null : messages.get(original);
    if (m == null || m.deleted || m.snapshot().loading()) {
      return Optional.empty();
    }
    return Optional.of(m.snapshot());
  }

  /** The message whose button started {@code interactionId}, as it stands now, or null. */
  synchronized FakeMessage clickedMessage(String interactionId) {
    String id = interactions.get(interactionId).clickedMessageId;
    MessageState m = id == null ? null : messages.get(id);
    return m == null ? null : m.snapshot();
  }

  /** The modal the bot answered with (callback type 9), or null before or without one. */
  synchronized JsonNode modal(String interactionId) {
    JsonNode modal = interactions.get(interactionId).modal;
    return modal == null ? null : modal.deepCopy();
  }

  /** The autocomplete choices the bot answered with, or null before it answered. */
  synchronized JsonNode choices(String interactionId) {
    return interactions.get(interactionId).choices;
  }

  /** A message posted in {@code channelId} by a webhook that is not the bot. */
  synchronized FakeMessage webhookMessage(String channelId, JsonNode body, String webhookId) {
    MessageState state = newMessage(channelId, new Body(body, Map.of()), 0, null);
    state.json.put("webhook_id", webhookId);
    state.json.set(
        "author",
        Json.object()
            .put("id", webhookId)
            .put("username", "Alertmanager")
            .put("discriminator", "0000")
            .put("bot", true)
            .putNull("avatar"));
    return state.snapshot();
  }

  /** The interaction as it stands now. */
  synchronized FakeInteraction interaction(String id) {
    return Objects.requireNonNull(interactions.get(id), "no interaction " + id).snapshot();
  }

  synchronized List<FakeMessage> followUps(FakeInteraction interaction) {
    return interactions.get(interaction.id()).followUps.stream()
        .map(messages::get)
        .filter(m -> !m.deleted)
        .map(MessageState::snapshot)
        .toList();
  }

  /** The messages in {@code channel} (name or id), oldest first, deleted ones left out. */
  synchronized List<FakeMessage> messages(String channel) {
    String id = guild.channelId(channel);
    return messages.values().stream()
        .filter(m -> !m.deleted && m.json.path("channel_id").asText().equals(id))
        .map(MessageState::snapshot)
        .toList();
  }

  /** A message as it stands now. */
  synchronized FakeMessage message(String id) {
    return Objects.requireNonNull(messages.get(id), "no message " + id).snapshot();
  }

  /** The slash commands the bot registered in the guild. */
  synchronized List<JsonNode> registeredCommands() {
    var list = new ArrayList<JsonNode>();
    commands.forEach(c -> list.add(c.deepCopy()));
    return list;
  }

  synchronized List<Rejection> rejections() {
    return List.copyOf(rejections);
  }

  /** The rejections so far, forgetting them: for tests that expect some. */
  synchronized List<Rejection> takeRejections() {
    List<Rejection> taken = List.copyOf(rejections);
    rejections.clear();
    return taken;
  }

  synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  /** Forgets messages, interactions, rejections and violations (not the guild or the commands). */
  synchronized void reset() {
    messages.clear();
    nonces.clear();
    interactions.clear();
    rejections.clear();
    violations.clear();
  }

  synchronized ArrayNode commandsArray() {
    return commands.deepCopy();
  }

  synchronized String summary() {
    var sb = new StringBuilder();
    interactions
        .values()
        .forEach(i -> sb.append("  interaction ").append(i.snapshot()).append('\n'));
    messages.values().forEach(m -> sb.append("  message ").append(m.json).append('\n'));
    rejections.forEach(r -> sb.append("  rejected ").append(r).append('\n'));
    violations.forEach(v -> sb.append("  violation ").append(v).append('\n'));
    return sb.toString();
  }

  // ---- internals ------------------------------------------------------------------------------

  private Answer invalid(
      JsonNode body, boolean creating, Map<String, byte[]> files, long allowedFlags, long flags) {
    List<Integer> sizes = files.values().stream().map(b -> b.length).toList();
    var problems = new LinkedHashMap<>(DiscordRules.check(body, creating, sizes));
    problems.putAll(DiscordRules.checkFlags(body, allowedFlags, flags));
    return problems.isEmpty() ? null : new Answer(400, DiscordRules.error(problems));
  }

  /**
   * Discord's answer to posting ({@code creating}) or editing in a thread that is archived or
   * locked, or null when allowed (developers/topics/threads.mdx, "Locked Threads" and "Active &
   * Archived Threads"): a locked thread takes no new or edited messages from a member without
   * MANAGE_THREADS (which the bot does not have): 403, JSON error 160005 "Thread is locked"
   * (opcodes-and-status-codes.mdx); an archived thread takes no edits (50083 "Tried to perform an
   * operation on an archived thread", HTTP 400), and a new message unarchives it unless it is
   * locked. Discord does not document the HTTP status of either; the fake answers as observed.
   */
  private Answer threadClosed(String channelId, boolean creating) {
    ObjectNode thread = guild.threads.get(channelId);
    if (thread == null) {
      return null;
    }
    ObjectNode meta = (ObjectNode) thread.path("thread_metadata");
    boolean archived = meta.path("archived").asBoolean();
    boolean locked = meta.path("locked").asBoolean();
    if (archived && (locked || !creating)) {
      return Answer.error(
          400,
          50083,
          "Tried to perform an operation on an archived thread, such as editing a message or"
              + " adding a user to the thread");
    }
    if (locked) {
      return Answer.error(403, 160005, "Thread is locked");
    }
    if (archived) {
      meta.put("archived", false).put("archive_timestamp", OffsetDateTime.now().toString());
      // threads.mdx, "Unarchiving a Thread": THREAD_UPDATE with the full channel object, then
      // THREAD_MEMBER_UPDATE (the thread member object plus guild_id) to the thread's members
      events.accept("THREAD_UPDATE", thread.deepCopy());
      events.accept("THREAD_MEMBER_UPDATE", botThreadMember(channelId).put("guild_id", guild.id));
    }
    return null;
  }

  /**
   * The bot's thread member object in a thread it started (channel.mdx, "Thread Member Object":
   * {@code id}, {@code user_id}, {@code join_timestamp}, {@code flags}).
   */
  private ObjectNode botThreadMember(String threadId) {
    return Json.object()
        .put("id", threadId)
        .put("user_id", guild.botId)
        .put(
            "join_timestamp",
            guild.threads.get(threadId).path("thread_metadata").path("create_timestamp").asText())
        .put("flags", 0);
  }

  private MessageState newMessage(String channelId, Body body, int type, InteractionState i) {
    JsonNode in = body.json();
    ObjectNode m =
        Json.object()
            .put("id", ids.next())
            .put("channel_id", channelId)
            .put("guild_id", guild.id)
            .put("type", type)
            .put("content", in.path("content").asText(""))
            .put("timestamp", OffsetDateTime.now().toString())
            .putNull("edited_timestamp")
            .put("tts", false)
            .put("mention_everyone", false)
            .put("pinned", false)
            .put("flags", 0);
    m.set("author", guild.botUser());
    m.putArray("mentions");
    m.putArray("mention_roles");
    m.set("embeds", embeds(in.path("embeds")));
    m.set("components", in.has("components") ? in.get("components").deepCopy() : Json.array());
    var state = new MessageState(m, i == null ? null : i.id);
    state.allowedMentions =
        in.has("allowed_mentions") ? in.get("allowed_mentions").deepCopy() : null;
    if (i != null) {
      m.put("webhook_id", guild.botId).put("application_id", guild.botId);
    }
    state.files.putAll(body.files());
    m.set("attachments", attachments(state.files));
    messages.put(state.id(), state);
    checkMentions(state);
    if (!state.snapshot().loading()) {
      state.notified = notified(state);
    }
    return state;
  }

  private void edit(MessageState m, Body body) {
    JsonNode in = body.json();
    boolean wasLoading = m.snapshot().loading();
    if (in.has("content")) {
      m.json.put("content", in.path("content").asText(""));
    }
    if (in.has("embeds")) {
      m.json.set("embeds", embeds(in.get("embeds")));
    }
    if (in.has("components")) {
      m.json.set("components", in.get("components").deepCopy());
    }
    if (in.has("allowed_mentions")) {
      m.allowedMentions = in.get("allowed_mentions").deepCopy();
    }
    if (in.has("attachments") || !body.files().isEmpty()) {
      var kept = new LinkedHashMap<String, byte[]>();
      for (JsonNode a : in.path("attachments")) {
        String existing = a.path("filename").asText();
        if (m.files.containsKey(existing) && !body.files().containsKey(existing)) {
          kept.put(existing, m.files.get(existing));
        }
      }
      kept.putAll(body.files());
      m.files.clear();
      m.files.putAll(kept);
      m.json.set("attachments", attachments(m.files));
    }
    m.json.put("flags", m.json.path("flags").asInt() & ~128);
    m.json.put("edited_timestamp", OffsetDateTime.now().toString());
    m.edits++;
    checkMentions(m);
    if (wasLoading) {
      m.notified = notified(m); // the deferred answer's first content notifies as a new message
    }
  }

  private static final java.util.regex.Pattern USER_MENTION =
      java.util.regex.Pattern.compile("<@!?(\\d+)>");
  private static final java.util.regex.Pattern ROLE_MENTION =
      java.util.regex.Pattern.compile("<@&(\\d+)>");

  /**
   * Who Discord notifies for a new message (developers/resources/message.mdx, "Allowed Mentions
   * Object"): a mention must be in the content and allowed by {@code allowed_mentions} (all types
   * when it is absent, as for regular messages); a role's members only when the role is mentionable
   * or the bot has MENTION_EVERYONE; @everyone and @here only with MENTION_EVERYONE. An ephemeral
   * message notifies nobody.
   */
  private Set<String> notified(MessageState m) {
    var notified = new TreeSet<String>();
    if ((m.flags() & DiscordRules.EPHEMERAL) != 0) {
      return notified;
    }
    String content = m.json.path("content").asText("");
    JsonNode allowed = m.allowedMentions;
    var parse = new HashSet<String>();
    var users = new HashSet<String>();
    var roles = new HashSet<String>();
    if (allowed == null) {
      parse.addAll(List.of("users", "roles", "everyone"));
    } else {
      allowed.path("parse").forEach(p -> parse.add(p.asText()));
      allowed.path("users").forEach(u -> users.add(u.asText()));
      allowed.path("roles").forEach(r -> roles.add(r.asText()));
    }
    List<FakeUser> members = guild.users();
    var userMatcher = USER_MENTION.matcher(content);
    while (userMatcher.find()) {
      String id = userMatcher.group(1);
      if (parse.contains("users") || users.contains(id)) {
        members.stream().filter(u -> u.id().equals(id)).forEach(u -> notified.add(u.id()));
      }
    }
    var roleMatcher = ROLE_MENTION.matcher(content);
    while (roleMatcher.find()) {
      String id = roleMatcher.group(1);
      boolean pingable = guild.mentionableRoles.contains(id) || guild.botMayMentionEveryone();
      if ((parse.contains("roles") || roles.contains(id)) && pingable) {
        members.stream().filter(u -> u.roleIds().contains(id)).forEach(u -> notified.add(u.id()));
      }
    }
    if ((content.contains("@everyone") || content.contains("@here"))
        && parse.contains("everyone")
        && guild.botMayMentionEveryone()) {
      members.forEach(u -> notified.add(u.id()));
    }
    return notified;
  }

  private void checkMentions(MessageState m) {
    String leak = DiscordRules.mentionLeak(m.allowedMentions, guild.roleId("On-Call"));
    if (leak != null) {
      violation("message " + m.id() + " may mention more than the on-call role: " + leak);
    }
  }

  private ArrayNode attachments(Map<String, byte[]> files) {
    ArrayNode array = Json.array();
    files.forEach(
        (name, bytes) ->
            array
                .addObject()
                .put("id", ids.next())
                .put("filename", name)
                .put("size", bytes.length)
                .put("url", restUrl.get() + "attachments/" + name)
                .put("proxy_url", restUrl.get() + "attachments/" + name)
                .put("content_type", name.endsWith(".md") ? "text/markdown" : "text/plain"));
    return array;
  }

  private static ArrayNode embeds(JsonNode given) {
    ArrayNode array = Json.array();
    for (JsonNode e : given) {
      ObjectNode copy = e.deepCopy();
      if (!copy.has("type")) {
        copy.put("type", "rich");
      }
      array.add(copy);
    }
    return array;
  }

  private boolean knownChannel(String id) {
    return guild.channels.containsValue(id) || guild.threads.containsKey(id);
  }

  private InteractionState byToken(String token) {
    return interactions.values().stream()
        .filter(i -> i.token.equals(token))
        .findFirst()
        .orElse(null);
  }

  private static String resolve(InteractionState i, String messageId) {
    return "@original".equals(messageId) ? i.originalMessageId : messageId;
  }

  /** A message's mutable state; guarded by the FakeApi's lock. */
  static final class MessageState {
    final ObjectNode json;
    final Map<String, byte[]> files = new LinkedHashMap<>();
    final String interactionId;
    JsonNode allowedMentions;
    Set<String> notified = Set.of();
    int edits;
    boolean deleted;

    MessageState(ObjectNode json, String interactionId) {
      this.json = json;
      this.interactionId = interactionId;
    }

    String id() {
      return json.path("id").asText();
    }

    long flags() {
      return json.path("flags").asLong();
    }

    FakeMessage snapshot() {
      return new FakeMessage(
          json.deepCopy(),
          files,
          allowedMentions == null ? Json.MAPPER.missingNode() : allowedMentions.deepCopy(),
          interactionId,
          edits,
          Set.copyOf(notified));
    }
  }

  /** An interaction's mutable state; guarded by the FakeApi's lock. */
  static final class InteractionState {
    final String id;
    final String token;
    final int type;
    final String description;
    final String channelId;
    final List<String> followUps = new ArrayList<>();
    volatile Instant sentAt = Instant.now();
    Instant acknowledgedAt;
    int callbackType;
    String originalMessageId;
    String clickedMessageId;
    JsonNode choices;
    JsonNode modal;

    InteractionState(String id, String token, int type, String description, String channelId) {
      this.id = id;
      this.token = token;
      this.type = type;
      this.description = description;
      this.channelId = channelId;
    }

    FakeInteraction snapshot() {
      return new FakeInteraction(
          id,
          token,
          description,
          channelId,
          sentAt,
          acknowledgedAt,
          callbackType,
          originalMessageId);
    }
  }

  /** The message an enforced nonce created, and when. */
  private record Nonced(String messageId, Instant at) {}
}
