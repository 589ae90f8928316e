package dev.incidentbot.bot.discord.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 *       100-character custom ids, 10 files) or without {@code allowed_mentions}, or a modal over
 *       its limits (title 45, 5 components, labels 45, custom ids 100, values 4,000) or sent where
 *       Discord allows none (after a deferral, in answer to a submitted modal), gets HTTP 400 with
 *       Discord's error body ({@link DiscordRules}), and is recorded in {@link #rejections()};
 *   <li>an interaction not acknowledged within 3 seconds, a callback after that, a message that may
 *       mention anyone but the on-call role, or a call to an endpoint the fake does not serve is
 *       recorded in {@link #violations()}; {@link FakeDiscordExtension} fails the test on any;
 *   <li>as Discord's API docs ({@code discord/discord-api-docs}) say, each rule citing its page in
 *       {@link DiscordRules}, {@link FakeApi} or {@link FakeGateway}: command registration (names,
 *       descriptions, options, choices, 8,000 characters), the message flags each endpoint accepts,
 *       component types per action row, archived, locked and deleted threads ({@link
 *       #archiveThread}, {@link #deleteThread}: Get Channel answers them, archived or not, or 10003
 *       once deleted; a message unarchives an unlocked one; THREAD_CREATE, THREAD_UPDATE and
 *       THREAD_DELETE reach the bot's sessions), autocomplete choice values, interaction tokens
 *       expiring after {@link #TOKEN_LIFETIME} (401, 50027; {@link #tokenLifetime}), a follow-up to
 *       a deferred answer still "thinking…" becoming an edit of it, gateway intents (4013, 4014), a
 *       message nonce (a string or integer of up to 25 characters; with {@code enforce_nonce}, a
 *       repeat by the same author within {@link #NONCE_WINDOW} answers the message created first),
 *       a second thread started from one message (160004; a thread's id is its message's), and the
 *       active threads a GUILD_CREATE lists;
 *   <li>who each message really notifies ({@link FakeMessage#notified()}): its On-Call role is not
 *       mentionable unless a test says so ({@link #roleMentionable}), as a new Discord role;
 *   <li>a test can hold a route's requests back ({@link #delay}) to make them arrive out of order,
 *       or handle them and hold their answers back ({@link #answerLate}) to kill the bot between
 *       Discord's doing and the bot's hearing of it;
 *   <li>Discord's rate limits ({@link RateLimits#discord()} unless started with others): every
 *       answer carries the X-RateLimit headers, a call over its bucket or the global limit is
 *       answered 429 and changes nothing ({@link #rateLimited()}), and a call that arrives for a
 *       bucket the bot had been told was empty is a violation ({@link #rateLimitViolations()}).
 * </ul>
 *
 * <p>Tests drive it as Discord's client would: {@link #slash}, {@link #click}, {@link
 * #autocomplete}, and {@link #submitModal} for a modal the bot opened ({@link #awaitModal}).
 *
 * <p>Thread-safe: HTTP and WebSocket threads and the test thread share its state under one lock.
 * The {@code await…} methods poll for up to 10 seconds and fail with what was recorded.
 */
public final class FakeDiscord implements AutoCloseable {
  /** How long Discord gives a bot to acknowledge an interaction. */
  public static final Duration ACK_DEADLINE = Duration.ofSeconds(3);

  /**
   * How long an interaction token is valid (developers/interactions/receiving-and-responding.mdx,
   * "Followup Messages": 15 minutes); {@link #tokenLifetime} shortens it for tests.
   */
  public static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);

  /**
   * How long an enforced nonce answers the message it created: Discord says "within the past few
   * minutes" (developers/resources/message.mdx, Create Message, "enforce_nonce"), so the fake keeps
   * the short end of it; {@link #nonceWindow} changes it for tests.
   */
  public static final Duration NONCE_WINDOW = Duration.ofMinutes(2);

  /**
   * The longest a call's answer is held back ({@link #answerLate}) if the test never releases it.
   */
  private static final Duration LONGEST_HOLD = Duration.ofSeconds(120);

  private static final Duration AWAIT = Duration.ofSeconds(10);

  private final Map<String, Predicate<String>> lateAnswers =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicInteger heldAnswers =
      new java.util.concurrent.atomic.AtomicInteger();
  private volatile java.util.concurrent.CountDownLatch answersReleased =
      new java.util.concurrent.CountDownLatch(1);

  private final Map<String, Duration> delays = new java.util.concurrent.ConcurrentHashMap<>();

  private final Snowflakes ids = new Snowflakes();
  private final String token = "fake-" + UUID.randomUUID();
  private final FakeGuild guild = new FakeGuild(ids);
  private final String alertWebhookId = ids.next();
  private final HttpServer http;
  private final FakeGateway gateway;
  private final ScheduledExecutorService watchdog;
  private final FakeApi api = new FakeApi(ids, guild, this::restUrl, this::gatewayEvent);
  private final FakeRateLimiter rateLimiter;

  /** A call the fake refused, as the bot saw it. */
  public record Rejection(String method, String path, int status, JsonNode body) {}

  private FakeDiscord(RateLimits limits) throws IOException, InterruptedException {
    rateLimiter = new FakeRateLimiter(limits, guild.botId);
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/", new FakeRest(this));
    http.setExecutor(Executors.newCachedThreadPool(daemon("fake-discord-http")));
    http.start();
    gateway = new FakeGateway(token, () -> guild.ready(gatewayUrl()), guild::guildCreate);
    gateway.startAndWait();
    watchdog = Executors.newSingleThreadScheduledExecutor(daemon("fake-discord-watchdog"));
  }

  /** Starts a fake Discord on free loopback ports, with Discord's rate limits. */
  public static FakeDiscord start() {
    return start(RateLimits.discord());
  }

  /** Starts a fake Discord on free loopback ports with the given rate limits. */
  public static FakeDiscord start(RateLimits limits) {
    try {
      return new FakeDiscord(limits);
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
    return connection(restUrl(), gatewayUrl());
  }

  /**
   * Points a JDA builder at the fake Discord with these URLs ({@link #restUrl}, {@link
   * #gatewayUrl}): for a bot in another process.
   */
  public static Consumer<JDABuilder> connection(String restUrl, String url) {
    return builder ->
        builder
            .setRestConfig(new RestConfig().setBaseUrl(restUrl))
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

  /** The id of the webhook {@link #postWebhookMessage} posts as: an alert sender to configure. */
  public String alertWebhookId() {
    return alertWebhookId;
  }

  /**
   * The configuration's {@code alerts:} section naming {@link #alertWebhookId} as its one sender; a
   * test may follow it with more {@code alerts:} settings, indented by two spaces.
   */
  public String alertSendersYaml() {
    return "alerts:\n  senders: [\"" + alertWebhookId + "\"]\n";
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

  /**
   * Whether mentions of the named role notify its members (the role's {@code mentionable} flag).
   * Set it before the bot starts: the bot reads roles when it connects.
   */
  public void roleMentionable(String roleName, boolean mentionable) {
    String id = guild.roleId(roleName);
    if (mentionable) {
      guild.mentionableRoles.add(id);
    } else {
      guild.mentionableRoles.remove(id);
    }
  }

  /**
   * Gives the bot's role the MENTION_EVERYONE permission too (docs/discord.md does not ask for it).
   * Set it before the bot starts.
   */
  public void grantMentionEveryone() {
    guild.botPermissions |= FakeGuild.MENTION_EVERYONE;
  }

  /**
   * Interaction tokens expire after {@code lifetime} instead of {@link #TOKEN_LIFETIME}: a webhook
   * call (edit, follow-up, delete) with an older token is answered 401, code 50027.
   */
  public void tokenLifetime(Duration lifetime) {
    api.tokenLifetime(lifetime);
  }

  /**
   * Holds every call to {@code route} for {@code delay} before handling it, so that a test can make
   * requests arrive in another order than they were sent. The route is the method and the path with
   * ids and tokens as asterisks: {@code "DELETE webhooks/*\/*\/messages/*"}, {@code "POST
   * webhooks/*\/*"}, {@code "PATCH webhooks/*\/*\/messages/*"}. {@link #reset} clears delays.
   */
  public void delay(String route, Duration delay) {
    delays.put(route, delay);
  }

  /**
   * Handles every call to {@code route} whose channel (the path's second segment) passes {@code
   * channel} at once, but holds its answer back until {@link #releaseAnswers} (or two minutes), as
   * a connection that breaks after Discord did the work would: a test kills the bot while such an
   * answer is held ({@link #heldAnswers}), so the call took effect and the bot never learned it.
   * Routes are written as for {@link #delay}: {@code "POST channels/*\/messages"}.
   */
  public void answerLate(String route, Predicate<String> channel) {
    lateAnswers.put(route, channel);
  }

  /** Lets every held answer go and holds no more. */
  public void releaseAnswers() {
    lateAnswers.clear();
    answersReleased.countDown();
    answersReleased = new java.util.concurrent.CountDownLatch(1);
  }

  /** How many calls have been handled with their answers held back ({@link #answerLate}). */
  public int heldAnswers() {
    return heldAnswers.get();
  }

  /** Whether {@code channelId} is a thread. */
  public boolean isThread(String channelId) {
    return guild.threads.containsKey(channelId);
  }

  /**
   * How long an enforced nonce answers the message it created; {@link #NONCE_WINDOW} unless set.
   */
  public void nonceWindow(Duration window) {
    api.nonceWindow(window);
  }

  /**
   * Archives a thread, and locks it too when asked, as a moderator or Discord's inactivity timer
   * does (developers/topics/threads.mdx, "Active & Archived Threads", "Locked Threads"), and tells
   * the bot's gateway sessions, if any, with THREAD_UPDATE, the full channel object
   * (developers/events/gateway-events.mdx, "Thread Update"; JDA then drops the thread from its
   * cache). A bot that connects later is not told at all: GUILD_CREATE lists active threads only.
   */
  public void archiveThread(String threadId, boolean locked) {
    JsonNode updated = api.archiveThread(threadId, locked);
    gateway.broadcast("THREAD_UPDATE", updated);
  }

  /**
   * Deletes a thread, as a moderator with MANAGE_THREADS does (threads.mdx, "Editing & Deleting
   * Threads"): from now on every call naming it is answered 404, code 10003 "Unknown Channel"
   * (opcodes-and-status-codes.mdx), and the bot's gateway sessions, if any, get THREAD_DELETE with
   * just its {@code id}, {@code guild_id}, {@code parent_id} and {@code type} (gateway-events.mdx,
   * "Thread Delete"). Its messages stay recorded.
   */
  public void deleteThread(String threadId) {
    JsonNode deleted = api.deleteThread(threadId);
    gateway.broadcast("THREAD_DELETE", deleted);
  }

  /** A thread's channel object as it stands now (archived, locked…). */
  public JsonNode thread(String threadId) {
    return guild.channelJson(threadId);
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
    ObjectNode data = SlashPayloads.commandData(api.commandsArray(), guild, command, options, null);
    return dispatchInteraction(2, channel, data, user, null, "/" + command + " by " + user.name());
  }

  /**
   * What the bot suggests for {@code option} of {@code command} when {@code user} typed {@code
   * typed}.
   */
  public List<String> autocomplete(String command, String option, String typed, FakeUser user) {
    ObjectNode data =
        SlashPayloads.commandData(
            api.commandsArray(), guild, command, Map.of(), Map.entry(option, typed));
    FakeInteraction sent =
        dispatchInteraction(4, "ops", data, user, null, "autocomplete of /" + command);
    JsonNode choices =
        await("autocomplete answer to " + sent.description(), () -> api.choices(sent.id()));
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
   * {@code user} submits {@code modal}, as Discord's client sends it (a MODAL_SUBMIT interaction,
   * type 5): every input with its value, in order. An input not in {@code answers} keeps what it
   * held when the modal opened (its prefilled text or default choice); a select's answer is the
   * chosen option's value. It happens where the modal was opened, and carries the message whose
   * button opened it, if any.
   *
   * @throws IllegalArgumentException when Discord's client would not let anyone submit it: an
   *     unknown input, a required one empty, a text outside its length limits, a choice that is not
   *     an option
   */
  public FakeInteraction submitModal(FakeModal modal, Map<String, String> answers, FakeUser user) {
    Map<String, FakeModal.Field> fields = modal.fields();
    for (String given : answers.keySet()) {
      if (!fields.containsKey(given)) {
        throw new IllegalArgumentException(
            "modal '" + modal.title() + "' has no input " + given + "; it has " + fields.keySet());
      }
    }
    ObjectNode data = Json.object().put("custom_id", modal.customId());
    ArrayNode components = data.putArray("components");
    int i = 0;
    for (FakeModal.Field field : fields.values()) {
      String value = answers.getOrDefault(field.customId(), field.value());
      clientCheck(modal, field, value);
      JsonNode sent = modal.json().path("components").get(i++);
      ObjectNode child = Json.object().put("type", field.componentType());
      JsonNode sentChild =
          sent.has("component") ? sent.get("component") : sent.path("components").path(0);
      child.put("id", sentChild.path("id").asInt()).put("custom_id", field.customId());
      if (field.isSelect()) {
        ArrayNode values = child.putArray("values");
        if (!value.isEmpty()) {
          values.add(value);
        }
      } else {
        child.put("value", value);
      }
      if (sent.path("type").asInt() == DiscordRules.LABEL_TYPE) {
        components
            .addObject()
            .put("type", DiscordRules.LABEL_TYPE)
            .put("id", sent.path("id").asInt())
            .set("component", child);
      } else {
        ObjectNode row =
            components
                .addObject()
                .put("type", DiscordRules.ACTION_ROW)
                .put("id", sent.path("id").asInt());
        row.putArray("components").add(child);
      }
    }
    FakeInteraction opened = modal.openedBy();
    FakeMessage clicked = api.clickedMessage(opened.id());
    return dispatchInteraction(
        5,
        opened.channelId(),
        data,
        user,
        clicked,
        "form '" + modal.title() + "' by " + user.name());
  }

  private static void clientCheck(FakeModal modal, FakeModal.Field field, String value) {
    String problem = null;
    if (field.isSelect()) {
      if (value.isEmpty() && field.required()) {
        problem = "needs a choice";
      } else if (!value.isEmpty() && !field.options().contains(value)) {
        problem = "'" + value + "' is not one of " + field.options();
      }
    } else if (value.isEmpty() && field.required()) {
      problem = "is required";
    } else if (!value.isEmpty()
        && (value.length() < field.minLength() || value.length() > field.maxLength())) {
      problem =
          "takes "
              + field.minLength()
              + "-"
              + field.maxLength()
              + " characters, not "
              + value.length();
    }
    if (problem != null) {
      throw new IllegalArgumentException(
          "Discord's client would not submit '"
              + modal.title()
              + "': "
              + field.label()
              + " "
              + problem);
    }
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
    FakeMessage posted = api.webhookMessage(guild.channelId(channel), body, alertWebhookId);
    gateway.dispatch("MESSAGE_CREATE", posted.json());
    return posted;
  }

  /**
   * Sends a dispatch the fake's REST side causes (a thread unarchived) to the bot, if connected.
   */
  private void gatewayEvent(String type, JsonNode data) {
    gateway.broadcast(type, data);
  }

  /** Drops the gateway connection, as Discord does at times; JDA resumes by itself. */
  public void dropGatewayConnection() {
    gateway.dropConnection();
  }

  /**
   * The gateway intents the bot identified with last, or -1 before it did. A privileged intent not
   * enabled for the app ({@link #enablePrivilegedIntents}; MESSAGE_CONTENT is) or an unknown one
   * closes the connection (4014, 4013) as Discord does.
   */
  public long identifiedIntents() {
    return gateway.identifiedIntents();
  }

  /** Switches privileged intents on for the app, as the Developer Portal does (bits ORed). */
  public void enablePrivilegedIntents(long intents) {
    gateway.enabledPrivilegedIntents |= intents;
  }

  /**
   * How many gateway sessions of the bot are connected and ready now: Discord lets one token hold
   * several, and sends each of them every event.
   */
  public int gatewaySessions() {
    return gateway.readySessions();
  }

  /** How many times a bot session identified (started a new session) so far. */
  public int gatewayIdentifies() {
    return gateway.identifies();
  }

  /** Waits until the bot's gateway session is ready (after a start or a resume). */
  public void awaitGatewayReady() {
    await("the bot's gateway session", () -> gateway.sessionReady() ? true : null);
  }

  // ---- what happened --------------------------------------------------------------------------

  /** The interaction as it stands now. */
  public FakeInteraction interaction(String id) {
    return api.interaction(id);
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
        () -> api.answer(interaction.id()).filter(test).orElse(null));
  }

  /**
   * The modal the bot opened in answer to {@code interaction}; fails at once when the bot answered
   * it some other way.
   */
  public FakeModal awaitModal(FakeInteraction interaction) {
    JsonNode modal =
        await(
            "a modal answering " + interaction.description(),
            () -> {
              JsonNode opened = api.modal(interaction.id());
              FakeInteraction now = api.interaction(interaction.id());
              if (opened == null && now.acknowledged()) {
                throw new AssertionError(
                    interaction.description()
                        + " was answered with callback type "
                        + now.callbackType()
                        + ", not a modal (9); the fake Discord recorded:\n"
                        + api.summary());
              }
              return opened;
            });
    return new FakeModal((ObjectNode) modal, api.interaction(interaction.id()));
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

  /** The follow-up messages of {@code interaction} so far, deleted ones left out. */
  public List<FakeMessage> followUps(FakeInteraction interaction) {
    return api.followUps(interaction);
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
  public List<FakeMessage> messages(String channel) {
    return api.messages(channel);
  }

  /** A message as it stands now. */
  public FakeMessage message(String id) {
    return api.message(id);
  }

  /** The slash commands the bot registered in the guild. */
  public List<JsonNode> registeredCommands() {
    return api.registeredCommands();
  }

  /** Calls the fake answered with HTTP 400 or more, oldest first. */
  public List<Rejection> rejections() {
    return api.rejections();
  }

  /** The rejections so far, forgetting them: for tests that expect some. */
  public List<Rejection> takeRejections() {
    return api.takeRejections();
  }

  /** What the bot did that Discord or this project forbids; see the class comment. */
  public List<String> violations() {
    return api.violations();
  }

  /** The 429s the fake served, oldest first: normal flow control, unless they are violations. */
  public List<RateLimited> rateLimited() {
    return rateLimiter.served();
  }

  /**
   * Calls that arrived for a bucket the bot had been told was empty, before it reset: JDA ignoring
   * the rate-limit headers. Each is also one of the {@link #violations()}.
   */
  public List<String> rateLimitViolations() {
    return rateLimiter.violations();
  }

  /**
   * Waits up to {@code timeout} until every call answered 429 has been retried (another call
   * reached its bucket); returns the 429s still waiting then.
   */
  public List<RateLimited> awaitRateLimitRetries(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<RateLimited> waiting = rateLimiter.awaitingRetry();
    while (!waiting.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      waiting = rateLimiter.awaitingRetry();
    }
    return waiting;
  }

  /**
   * Forgets messages, interactions, rejections, violations and 429s (not the guild, the commands or
   * the rate-limit buckets, which Discord keeps too).
   */
  public void reset() {
    delays.clear();
    releaseAnswers();
    api.reset();
    rateLimiter.forget();
  }

  /**
   * Sends a raw REST call with the bot's token, as a bot that bypasses JDA would: for tests of the
   * fake's own rules. A null body sends none (a GET).
   */
  public HttpResponse<String> rawRequest(String method, String path, JsonNode body) {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(restUrl() + path))
              .header("Authorization", "Bot " + token)
              .header("Content-Type", "application/json")
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(Json.write(body)))
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

  // ---- for FakeRest ---------------------------------------------------------------------------

  FakeApi api() {
    return api;
  }

  FakeRateLimiter rateLimiter() {
    return rateLimiter;
  }

  FakeGuild guild() {
    return guild;
  }

  /**
   * Holds the answer of a handled call to {@code route} in {@code channelId} while a test wants it
   * late ({@link #answerLate}).
   */
  void holdAnswer(String route, String channelId) {
    Predicate<String> late = lateAnswers.get(route);
    if (late == null || channelId == null || !late.test(channelId)) {
      return;
    }
    var released = answersReleased;
    heldAnswers.incrementAndGet();
    try {
      released.await(LONGEST_HOLD.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** How long to hold a call to {@code route} before handling it; zero for most. */
  Duration delayOf(String route) {
    return delays.getOrDefault(route, Duration.ZERO);
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

  // ---- internals ------------------------------------------------------------------------------

  private FakeInteraction dispatchInteraction(
      int type, String channel, ObjectNode data, FakeUser user, FakeMessage clicked, String what) {
    String channelId = guild.channelId(channel);
    var i =
        new FakeApi.InteractionState(
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
            .put("app_permissions", Long.toString(guild.botPermissions))
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
    i.sentAt = Instant.now();
    api.add(i);
    gateway.dispatch("INTERACTION_CREATE", payload);
    watchdog.schedule(
        () -> api.checkAcknowledged(i), ACK_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    return i.snapshot();
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
                + api.summary());
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
