package dev.incidentbot.bot.discord.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.incidentbot.bot.discord.fake.FakeRest.Answer;
import dev.incidentbot.bot.discord.fake.FakeRest.Body;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import net.dv8tion.jda.api.JDA;
import net.dv8tion.jda.api.JDABuilder;
import net.dv8tion.jda.api.requests.RestConfig;
import net.dv8tion.jda.api.utils.Compression;
import net.dv8tion.jda.api.utils.ConcurrentSessionController;

/**
 * A fake Discord on loopback that real JDA logs into: REST on the JDK's HttpServer, the gateway on
 * Java-WebSocket ({@link FakeGateway}), one guild ({@link FakeGuild}). It records every message,
 * edit, file and interaction for assertions, and it is as strict as Discord where the bot could go
 * wrong:
 *
 * <ul>
 *   <li>a message over Discord's limits (content, embeds, fields, 6,000 in total, 5×5 buttons,
 *       100-character custom ids, 10 files) or without {@code allowed_mentions} gets HTTP 400 with
 *       Discord's error body ({@link DiscordRules}), and is recorded in {@link #rejections()};
 *   <li>an interaction not acknowledged within 3 seconds, a callback after that, a message that may
 *       mention anyone but the on-call role, or a call to an endpoint the fake does not serve is
 *       recorded in {@link #violations()}; {@link FakeDiscordExtension} fails the test on any.
 * </ul>
 *
 * <p>Thread-safe: HTTP and WebSocket threads and the test thread share its state under one lock.
 * The {@code await…} methods poll for up to 10 seconds and fail with what was recorded.
 */
public final class FakeDiscord implements AutoCloseable {
  /** How long Discord gives a bot to acknowledge an interaction. */
  public static final Duration ACK_DEADLINE = Duration.ofSeconds(3);

  private static final Duration AWAIT = Duration.ofSeconds(10);

  private final Snowflakes ids = new Snowflakes();
  private final String token = "fake-" + UUID.randomUUID();
  private final FakeGuild guild = new FakeGuild(ids);
  private final String alertWebhookId = ids.next();
  private final HttpServer http;
  private final FakeGateway gateway;
  private final ScheduledExecutorService watchdog;

  private final Map<String, MessageState> messages = new LinkedHashMap<>();
  private final Map<String, InteractionState> interactions = new LinkedHashMap<>();
  private final List<Rejection> rejections = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();
  private ArrayNode commands = Json.array();

  /** A call the fake refused, as the bot saw it. */
  public record Rejection(String method, String path, int status, JsonNode body) {}

  private FakeDiscord() throws IOException, InterruptedException {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/", new FakeRest(this));
    http.setExecutor(Executors.newCachedThreadPool(daemon("fake-discord-http")));
    http.start();
    gateway = new FakeGateway(token, () -> guild.ready(gatewayUrl()), guild::guildCreate);
    gateway.startAndWait();
    watchdog = Executors.newSingleThreadScheduledExecutor(daemon("fake-discord-watchdog"));
  }

  /** Starts a fake Discord on free loopback ports. */
  public static FakeDiscord start() {
    try {
      return new FakeDiscord();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the fake Discord", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the fake Discord", e);
    }
  }

  // ---- connecting JDA -------------------------------------------------------------------------

  /** The only bot token the fake accepts. */
  public String token() {
    return token;
  }

  public String restUrl() {
    return "http://127.0.0.1:" + http.getAddress().getPort() + FakeRest.PREFIX;
  }

  public String gatewayUrl() {
    return gateway.url();
  }

  /** Points a JDA builder at this fake: REST base URL, gateway URL, no compression. */
  public Consumer<JDABuilder> connection() {
    String url = gatewayUrl();
    return builder ->
        builder
            .setRestConfig(new RestConfig().setBaseUrl(restUrl()))
            .setSessionController(
                new ConcurrentSessionController() {
                  @Override
                  public String getGateway() {
                    return url;
                  }

                  @Override
                  public ShardedGateway getShardedGateway(JDA api) {
                    return new ShardedGateway(url, 1);
                  }
                })
            .setCompression(Compression.NONE);
  }

  // ---- the guild ------------------------------------------------------------------------------

  public String guildId() {
    return guild.id;
  }

  /** The bot's user id, which is also its application id. */
  public String botId() {
    return guild.botId;
  }

  /** A channel's id by name: "ops", "stakeholders", "alerts". */
  public String channelId(String name) {
    return guild.channelId(name);
  }

  /** A role's id by name: "Viewer", "Operator", "Commander", "On-Call". */
  public String roleId(String name) {
    return guild.roleId(name);
  }

  /** A new member holding the named roles ("Operator", …). */
  public FakeUser user(String name, String... roleNames) {
    return guild.user(name, roleNames);
  }

  /**
   * The {@code discord:} configuration section for a bot in this guild: the three channels, roles
   * Viewer/Operator/Commander mapped to viewer/operator/commander, and On-Call as on-call role.
   */
  public String configSection() {
    return "discord:\n"
        + "  guild: \""
        + guild.id
        + "\"\n"
        + "  channels:\n"
        + "    ops: \""
        + channelId("ops")
        + "\"\n"
        + "    stakeholders: \""
        + channelId("stakeholders")
        + "\"\n"
        + "    alerts: \""
        + channelId("alerts")
        + "\"\n"
        + "  roles:\n"
        + "    viewer: [Viewer]\n"
        + "    operator: [Operator]\n"
        + "    commander: [\""
        + roleId("Commander")
        + "\"]\n"
        + "  onCallRole: \""
        + roleId("On-Call")
        + "\"\n";
  }

  // ---- driving the bot ------------------------------------------------------------------------

  /**
   * {@code user} runs a slash command in #ops, as Discord's client would send it: {@code
   * slash("redis health", Map.of("target", "main"), alice)}. The command and its options must have
   * been registered by the bot.
   */
  public FakeInteraction slash(String command, Map<String, ?> options, FakeUser user) {
    return slashIn("ops", command, options, user);
  }

  /** Like {@link #slash}, in another channel or a thread (by name or id). */
  public FakeInteraction slashIn(
      String channel, String command, Map<String, ?> options, FakeUser user) {
    ObjectNode data = commandData(command, options, null);
    return dispatchInteraction(2, channel, data, user, null, "/" + command + " by " + user.name());
  }

  /**
   * What the bot suggests for {@code option} of {@code command} when {@code user} typed {@code
   * typed}.
   */
  public List<String> autocomplete(String command, String option, String typed, FakeUser user) {
    ObjectNode data = commandData(command, Map.of(), Map.entry(option, typed));
    FakeInteraction sent =
        dispatchInteraction(4, "ops", data, user, null, "autocomplete of /" + command);
    JsonNode choices =
        await(
            "autocomplete answer to " + sent.description(),
            () -> {
              synchronized (this) {
                return interactions.get(sent.id()).choices;
              }
            });
    var names = new ArrayList<String>();
    choices.forEach(c -> names.add(c.path("value").asText()));
    return names;
  }

  /** {@code user} presses the button labelled {@code label} under {@code message}. */
  public FakeInteraction click(FakeMessage message, String label, FakeUser user) {
    FakeMessage current = message(message.id());
    JsonNode button =
        current
            .button(label)
            .orElseThrow(
                () ->
                    new AssertionError(
                        "no button '"
                            + label
                            + "' on message "
                            + current.id()
                            + "; it has "
                            + current.buttonLabels()));
    ObjectNode data =
        Json.object().put("custom_id", button.path("custom_id").asText()).put("component_type", 2);
    return dispatchInteraction(
        3, current.channelId(), data, user, current, "button '" + label + "' by " + user.name());
  }

  /**
   * A message posted by a webhook (Alertmanager, Grafana) in {@code channel}, delivered to the bot
   * as MESSAGE_CREATE.
   *
   * @param embeds embed objects, as Discord's API takes them
   */
  public FakeMessage postWebhookMessage(String channel, String content, ObjectNode... embeds) {
    ObjectNode body = Json.object().put("content", content);
    ArrayNode array = body.putArray("embeds");
    for (ObjectNode e : embeds) {
      array.add(e);
    }
    MessageState state;
    synchronized (this) {
      state = newMessage(guild.channelId(channel), new Body(body, Map.of()), 0, null);
      state.json.put("webhook_id", alertWebhookId);
      state.json.set(
          "author",
          Json.object()
              .put("id", alertWebhookId)
              .put("username", "Alertmanager")
              .put("discriminator", "0000")
              .put("bot", true)
              .putNull("avatar"));
    }
    gateway.dispatch("MESSAGE_CREATE", state.json.deepCopy());
    return state.snapshot();
  }

  /** Drops the gateway connection, as Discord does at times; JDA resumes by itself. */
  public void dropGatewayConnection() {
    gateway.dropConnection();
  }

  /** Waits until the bot's gateway session is ready (after a start or a resume). */
  public void awaitGatewayReady() {
    await("the bot's gateway session", () -> gateway.sessionReady() ? true : null);
  }

  // ---- what happened --------------------------------------------------------------------------

  /** The interaction as it stands now. */
  public synchronized FakeInteraction interaction(String id) {
    return Objects.requireNonNull(interactions.get(id), "no interaction " + id).snapshot();
  }

  /** The answer to {@code interaction} once it is no longer "thinking…". */
  public FakeMessage awaitAnswer(FakeInteraction interaction) {
    return awaitAnswer(interaction, m -> true);
  }

  /**
   * The answer to {@code interaction} once it is no longer "thinking…" and matches {@code test}.
   */
  public FakeMessage awaitAnswer(FakeInteraction interaction, Predicate<FakeMessage> test) {
    return await(
        "an answer to " + interaction.description(),
        () -> {
          synchronized (this) {
            String original = interactions.get(interaction.id()).originalMessageId;
            MessageState m = original == null ? null : messages.get(original);
            if (m == null || m.deleted || m.snapshot().loading()) {
              return null;
            }
            FakeMessage snapshot = m.snapshot();
            return test.test(snapshot) ? snapshot : null;
          }
        });
  }

  /** The follow-up messages of {@code interaction}, once there are at least {@code count}. */
  public List<FakeMessage> awaitFollowUps(FakeInteraction interaction, int count) {
    return await(
        count + " follow-ups to " + interaction.description(),
        () -> {
          List<FakeMessage> found = followUps(interaction);
          return found.size() >= count ? found : null;
        });
  }

  public synchronized List<FakeMessage> followUps(FakeInteraction interaction) {
    return interactions.get(interaction.id()).followUps.stream()
        .map(messages::get)
        .filter(m -> !m.deleted)
        .map(MessageState::snapshot)
        .toList();
  }

  /** The messages in {@code channel} (name or id), oldest first, once there are {@code count}. */
  public List<FakeMessage> awaitMessages(String channel, int count) {
    return await(
        count + " messages in " + channel,
        () -> {
          List<FakeMessage> found = messages(channel);
          return found.size() >= count ? found : null;
        });
  }

  /** The messages in {@code channel} (name or id), oldest first, deleted ones left out. */
  public synchronized List<FakeMessage> messages(String channel) {
    String id = guild.channelId(channel);
    return messages.values().stream()
        .filter(m -> !m.deleted && m.json.path("channel_id").asText().equals(id))
        .map(MessageState::snapshot)
        .toList();
  }

  /** A message as it stands now. */
  public synchronized FakeMessage message(String id) {
    return Objects.requireNonNull(messages.get(id), "no message " + id).snapshot();
  }

  /** The slash commands the bot registered in the guild. */
  public synchronized List<JsonNode> registeredCommands() {
    var list = new ArrayList<JsonNode>();
    commands.forEach(c -> list.add(c.deepCopy()));
    return list;
  }

  public synchronized List<Rejection> rejections() {
    return List.copyOf(rejections);
  }

  /** The rejections so far, forgetting them: for tests that expect some. */
  public synchronized List<Rejection> takeRejections() {
    List<Rejection> taken = List.copyOf(rejections);
    rejections.clear();
    return taken;
  }

  public synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  /** Forgets messages, interactions, rejections and violations (not the guild or the commands). */
  public synchronized void reset() {
    messages.clear();
    interactions.clear();
    rejections.clear();
    violations.clear();
  }

  /**
   * Sends a raw REST call with the bot's token, as a bot that bypasses JDA would: for tests of the
   * fake's own rules.
   */
  public HttpResponse<String> rawRequest(String method, String path, JsonNode body) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(restUrl() + path))
              .header("Authorization", "Bot " + token)
              .header("Content-Type", "application/json")
              .method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)))
              .build();
      return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    watchdog.shutdownNow();
    http.stop(0);
    try {
      gateway.stop(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- REST, called by FakeRest ---------------------------------------------------------------

  FakeGuild guild() {
    return guild;
  }

  ObjectNode gatewayInfo() {
    ObjectNode info = Json.object().put("url", gatewayUrl()).put("shards", 1);
    info.putObject("session_start_limit")
        .put("total", 1000)
        .put("remaining", 999)
        .put("reset_after", 0)
        .put("max_concurrency", 1);
    return info;
  }

  synchronized Answer registerCommands(String guildId, JsonNode body) {
    if (!guild.id.equals(guildId)) {
      return Answer.error(403, 50001, "Missing Access");
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
    if (Duration.between(i.sentAt, now).compareTo(ACK_DEADLINE) > 0) {
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
        Answer invalid = invalid(data, true, body.files());
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
      case 6 -> i.originalMessageId = i.clickedMessageId;
      case 7 -> {
        Answer invalid = invalid(data, false, body.files());
        if (invalid != null) {
          return invalid;
        }
        message = messages.get(i.clickedMessageId);
        edit(message, new Body(data, body.files()));
        i.originalMessageId = i.clickedMessageId;
      }
      case 8 -> {
        var problems = DiscordRules.checkChoices(data.path("choices"));
        if (!problems.isEmpty()) {
          return new Answer(400, DiscordRules.error(problems));
        }
        i.choices = data.path("choices").deepCopy();
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

  synchronized Answer followUp(String token, Body body) {
    InteractionState i = byToken(token);
    if (i == null || i.acknowledgedAt == null) {
      return Answer.error(404, 10015, "Unknown Webhook");
    }
    Answer invalid = invalid(body.json(), true, body.files());
    if (invalid != null) {
      return invalid;
    }
    MessageState m = newMessage(i.channelId, body, 0, i);
    m.json.put("flags", body.json().path("flags").asInt(0) & 64);
    i.followUps.add(m.id());
    return Answer.ok(m.json.deepCopy());
  }

  synchronized Answer editWebhookMessage(String token, String messageId, Body body) {
    InteractionState i = byToken(token);
    MessageState m = i == null ? null : messages.get(resolve(i, messageId));
    if (m == null || m.deleted) {
      return Answer.error(404, 10008, "Unknown Message");
    }
    Answer invalid = invalid(body.json(), false, body.files());
    if (invalid != null) {
      return invalid;
    }
    edit(m, body);
    return Answer.ok(m.json.deepCopy());
  }

  synchronized Answer getWebhookMessage(String token, String messageId) {
    InteractionState i = byToken(token);
    MessageState m = i == null ? null : messages.get(resolve(i, messageId));
    return m == null || m.deleted
        ? Answer.error(404, 10008, "Unknown Message")
        : Answer.ok(m.json.deepCopy());
  }

  synchronized Answer deleteWebhookMessage(String token, String messageId) {
    InteractionState i = byToken(token);
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
    Answer invalid = invalid(body.json(), true, body.files());
    if (invalid != null) {
      return invalid;
    }
    return Answer.ok(newMessage(channelId, body, 0, null).json.deepCopy());
  }

  synchronized Answer editChannelMessage(String channelId, String messageId, Body body) {
    MessageState m = messages.get(messageId);
    if (m == null || m.deleted || !m.json.path("channel_id").asText().equals(channelId)) {
      return Answer.error(404, 10008, "Unknown Message");
    }
    Answer invalid = invalid(body.json(), false, body.files());
    if (invalid != null) {
      return invalid;
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
    return new Answer(201, thread);
  }

  synchronized void recordRejection(String method, String path, Answer answer) {
    rejections.add(new Rejection(method, path, answer.status(), answer.body()));
  }

  synchronized void violation(String problem) {
    violations.add(problem);
  }

  // ---- internals ------------------------------------------------------------------------------

  private FakeInteraction dispatchInteraction(
      int type, String channel, ObjectNode data, FakeUser user, FakeMessage clicked, String what) {
    String channelId = guild.channelId(channel);
    var i =
        new InteractionState(
            ids.next(),
            "tok" + ids.next() + UUID.randomUUID().toString().replace("-", ""),
            type,
            what,
            channelId);
    ObjectNode payload =
        Json.object()
            .put("id", i.id)
            .put("application_id", guild.botId)
            .put("type", type)
            .put("token", i.token)
            .put("version", 1)
            .put("guild_id", guild.id)
            .put("channel_id", channelId)
            .put("locale", "en-US")
            .put("guild_locale", "en-US")
            .put("app_permissions", Long.toString(FakeGuild.BOT_PERMISSIONS))
            .put("context", 0)
            .put("attachment_size_limit", DiscordRules.FILE_BYTES);
    payload.putObject("guild").put("id", guild.id).put("locale", "en-US").putArray("features");
    payload.set("channel", guild.channelJson(channelId));
    payload.set("member", guild.memberJson(user));
    payload.set("data", data);
    payload.putArray("entitlements");
    payload.putObject("authorizing_integration_owners").put("0", guild.id);
    if (clicked != null) {
      payload.set("message", clicked.json().deepCopy());
      i.clickedMessageId = clicked.id();
    }
    synchronized (this) {
      interactions.put(i.id, i);
    }
    i.sentAt = Instant.now();
    gateway.dispatch("INTERACTION_CREATE", payload);
    watchdog.schedule(() -> checkAcknowledged(i), ACK_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    return i.snapshot();
  }

  private synchronized void checkAcknowledged(InteractionState i) {
    if (interactions.get(i.id) == i && i.acknowledgedAt == null) {
      violation(i.description + " was not acknowledged within 3 s");
    }
  }

  /** The data of a slash command or autocomplete as Discord's client builds it. */
  private synchronized ObjectNode commandData(
      String command, Map<String, ?> options, Map.Entry<String, String> focused) {
    String[] words = command.split(" ");
    JsonNode top = null;
    for (JsonNode c : commands) {
      if (c.path("name").asText().equals(words[0])) {
        top = c;
      }
    }
    if (top == null) {
      throw new IllegalArgumentException(
          "the bot has not registered /" + words[0] + "; registered: " + commandNames());
    }
    ObjectNode data =
        Json.object()
            .put("id", top.path("id").asText())
            .put("name", words[0])
            .put("type", 1)
            .put("guild_id", guild.id);
    JsonNode definitions = top.path("options");
    ArrayNode target = data.putArray("options");
    if (words.length > 1) {
      JsonNode sub = null;
      for (JsonNode o : definitions) {
        if (o.path("type").asInt() == 1 && o.path("name").asText().equals(words[1])) {
          sub = o;
        }
      }
      if (sub == null) {
        throw new IllegalArgumentException("/" + words[0] + " has no subcommand " + words[1]);
      }
      ObjectNode subOption = target.addObject().put("type", 1).put("name", words[1]);
      target = subOption.putArray("options");
      definitions = sub.path("options");
    }
    fillOptions(command, definitions, options, focused, target);
    return data;
  }

  private static void fillOptions(
      String command,
      JsonNode definitions,
      Map<String, ?> options,
      Map.Entry<String, String> focused,
      ArrayNode target) {
    for (JsonNode def : definitions) {
      String name = def.path("name").asText();
      int type = def.path("type").asInt();
      boolean isFocused = focused != null && focused.getKey().equals(name);
      Object value = isFocused ? focused.getValue() : options.get(name);
      if (value == null) {
        if (def.path("required").asBoolean() && focused == null) {
          throw new IllegalArgumentException("/" + command + " requires option " + name);
        }
        continue;
      }
      ObjectNode o = target.addObject().put("type", type).put("name", name);
      if (type == 4 && !isFocused) {
        o.put("value", Long.parseLong(value.toString()));
      } else if (type == 5 && !isFocused) {
        o.put("value", Boolean.parseBoolean(value.toString()));
      } else {
        o.put("value", value.toString());
      }
      if (isFocused) {
        o.put("focused", true);
      }
    }
    for (String given : options.keySet()) {
      boolean known = false;
      for (JsonNode def : definitions) {
        known |= def.path("name").asText().equals(given);
      }
      if (!known) {
        throw new IllegalArgumentException("/" + command + " has no option " + given);
      }
    }
  }

  private List<String> commandNames() {
    var names = new ArrayList<String>();
    commands.forEach(c -> names.add(c.path("name").asText()));
    return names;
  }

  private Answer invalid(JsonNode body, boolean creating, Map<String, byte[]> files) {
    List<Integer> sizes = files.values().stream().map(b -> b.length).toList();
    var problems = DiscordRules.check(body, creating, sizes);
    return problems.isEmpty() ? null : new Answer(400, DiscordRules.error(problems));
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
    return state;
  }

  private void edit(MessageState m, Body body) {
    JsonNode in = body.json();
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
                .put("url", restUrl() + "attachments/" + name)
                .put("proxy_url", restUrl() + "attachments/" + name)
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

  private <T> T await(String what, Supplier<T> probe) {
    long deadline = System.nanoTime() + AWAIT.toNanos();
    while (true) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "waited "
                + AWAIT.toSeconds()
                + " s for "
                + what
                + "; the fake Discord recorded:\n"
                + summary());
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  private synchronized String summary() {
    var sb = new StringBuilder();
    interactions
        .values()
        .forEach(i -> sb.append("  interaction ").append(i.snapshot()).append('\n'));
    messages.values().forEach(m -> sb.append("  message ").append(m.json).append('\n'));
    rejections.forEach(r -> sb.append("  rejected ").append(r).append('\n'));
    violations.forEach(v -> sb.append("  violation ").append(v).append('\n'));
    return sb.toString();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** A message's mutable state; guarded by the FakeDiscord's lock. */
  private static final class MessageState {
    final ObjectNode json;
    final Map<String, byte[]> files = new LinkedHashMap<>();
    final String interactionId;
    JsonNode allowedMentions;
    int edits;
    boolean deleted;

    MessageState(ObjectNode json, String interactionId) {
      this.json = json;
      this.interactionId = interactionId;
    }

    String id() {
      return json.path("id").asText();
    }

    FakeMessage snapshot() {
      return new FakeMessage(
          json.deepCopy(),
          files,
          allowedMentions == null ? Json.MAPPER.missingNode() : allowedMentions.deepCopy(),
          interactionId,
          edits);
    }
  }

  /** An interaction's mutable state; guarded by the FakeDiscord's lock. */
  private static final class InteractionState {
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
}
