package dev.incidentbot.bot.discord.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fake's gateway: plain JSON over a WebSocket on loopback (no zlib), speaking enough of
 * Discord's protocol for JDA: HELLO, IDENTIFY → READY and GUILD_CREATE, heartbeats and their ACKs,
 * RESUME → RESUMED, and dispatches such as INTERACTION_CREATE.
 *
 * <p>Like Discord, it lets a bot token hold several sessions at once (two bot processes started
 * with one token, each identifying as shard 0 of 1) and sends every dispatch to each of them
 * (developers/events/gateway.mdx, "Sharding": without sharding every session receives every event
 * of the bot's guilds), each session with its own id and sequence numbers.
 */
final class FakeGateway extends WebSocketServer {
  private static final Logger log = LoggerFactory.getLogger(FakeGateway.class);
  private static final int HEARTBEAT_INTERVAL_MS = 41_250;

  private final String token;
  private final Supplier<ObjectNode> ready;
  private final Supplier<ObjectNode> guildCreate;
  private final CountDownLatch started = new CountDownLatch(1);
  private final AtomicInteger identifies = new AtomicInteger();

  /** One bot connection: its session, once identified, and its sequence numbers. */
  private static final class Session {
    final AtomicInteger sequence = new AtomicInteger();
    volatile String id;
    volatile boolean ready;
  }

  private final java.util.Map<WebSocket, Session> sessions =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * The gateway intents Discord defines (developers/events/gateway.mdx, "Gateway Intents"): bits
   * 0-16, 20, 21, 24 and 25; anything else in IDENTIFY closes the connection with 4013.
   */
  static final long KNOWN_INTENTS =
      ((1L << 17) - 1) | (1L << 20) | (1L << 21) | (1L << 24) | (1L << 25);

  /** GUILD_MEMBERS, GUILD_PRESENCES and MESSAGE_CONTENT (gateway.mdx, "Privileged Intents"). */
  static final long PRIVILEGED_INTENTS = (1L << 1) | (1L << 8) | (1L << 15);

  /**
   * The privileged intents switched on for the app in the Developer Portal: MESSAGE_CONTENT, as
   * docs/discord.md asks. A privileged intent not enabled closes the connection with 4014
   * (gateway.mdx, "Privileged Intents"; opcodes-and-status-codes.mdx, "Gateway Close Event Codes").
   */
  volatile long enabledPrivilegedIntents = 1L << 15;

  /** The intents of the last IDENTIFY, or -1 before one. */
  private volatile long identifiedIntents = -1;

  FakeGateway(String token, Supplier<ObjectNode> ready, Supplier<ObjectNode> guildCreate) {
    super(new InetSocketAddress("127.0.0.1", 0));
    this.token = token;
    this.ready = ready;
    this.guildCreate = guildCreate;
    setReuseAddr(true);
    setConnectionLostTimeout(0);
  }

  void startAndWait() throws InterruptedException {
    start();
    if (!started.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("fake gateway did not start");
    }
  }

  String url() {
    return "ws://127.0.0.1:" + getPort() + "/";
  }

  /** How many times the bot identified (a resume does not count). */
  int identifies() {
    return identifies.get();
  }

  long identifiedIntents() {
    return identifiedIntents;
  }

  boolean sessionReady() {
    return readySessions() > 0;
  }

  /** How many bot sessions are connected and ready now. */
  int readySessions() {
    int n = 0;
    for (var e : sessions.entrySet()) {
      if (e.getValue().ready && e.getKey().isOpen()) {
        n++;
      }
    }
    return n;
  }

  /** Sends a dispatch event ({@code op 0}) to every connected, ready bot session. */
  synchronized void dispatch(String type, JsonNode data) {
    if (broadcast(type, data) == 0) {
      throw new IllegalStateException(
          "the bot is not connected to the fake gateway; cannot send " + type);
    }
  }

  /**
   * Sends a dispatch event to every connected, ready bot session, if any: an event Discord sends
   * whether or not a bot is listening (a thread archived while the bot is down is simply not seen).
   *
   * @return how many sessions it went to
   */
  synchronized int broadcast(String type, JsonNode data) {
    int sent = 0;
    for (var e : sessions.entrySet()) {
      Session session = e.getValue();
      if (!session.ready || !e.getKey().isOpen()) {
        continue;
      }
      send(
          e.getKey(),
          Json.object()
              .put("op", 0)
              .put("t", type)
              .put("s", session.sequence.incrementAndGet())
              .set("d", data));
      sent++;
    }
    return sent;
  }

  /** Drops every connection with a resumable close code, as Discord does now and then. */
  void dropConnection() {
    for (var e : sessions.entrySet()) {
      e.getValue().ready = false;
      e.getKey().close(4000, "fake Discord: unknown error, reconnect");
    }
  }

  @Override
  public void onStart() {
    started.countDown();
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {
    sessions.put(conn, new Session());
    send(
        conn,
        Json.object()
            .put("op", 10)
            .set("d", Json.object().put("heartbeat_interval", HEARTBEAT_INTERVAL_MS)));
  }

  @Override
  public void onMessage(WebSocket conn, String message) {
    JsonNode payload = Json.parse(message.getBytes(StandardCharsets.UTF_8));
    int op = payload.path("op").asInt(-1);
    switch (op) {
      case 1 -> send(conn, Json.object().put("op", 11));
      case 2 -> identify(conn, payload.path("d"));
      case 6 -> resume(conn, payload.path("d"));
      default -> log.debug("fake gateway ignores op {}", op);
    }
  }

  private synchronized void identify(WebSocket conn, JsonNode d) {
    if (!token.equals(d.path("token").asText())) {
      conn.close(4004, "Authentication failed.");
      return;
    }
    long intents = d.path("intents").asLong(-1);
    identifiedIntents = intents;
    if (intents < 0 || (intents & ~KNOWN_INTENTS) != 0) {
      conn.close(4013, "Invalid intent(s).");
      return;
    }
    if ((intents & PRIVILEGED_INTENTS & ~enabledPrivilegedIntents) != 0) {
      conn.close(4014, "Disallowed intent(s).");
      return;
    }
    identifies.incrementAndGet();
    Session session = sessions.computeIfAbsent(conn, c -> new Session());
    session.sequence.set(0);
    session.id = "fake-session-" + java.util.UUID.randomUUID();
    ObjectNode readyData = ready.get();
    readyData.put("session_id", session.id);
    send(
        conn,
        Json.object()
            .put("op", 0)
            .put("t", "READY")
            .put("s", session.sequence.incrementAndGet())
            .set("d", readyData));
    send(
        conn,
        Json.object()
            .put("op", 0)
            .put("t", "GUILD_CREATE")
            .put("s", session.sequence.incrementAndGet())
            .set("d", guildCreate.get()));
    session.ready = true;
  }

  private synchronized void resume(WebSocket conn, JsonNode d) {
    if (!token.equals(d.path("token").asText())) {
      conn.close(4004, "Authentication failed.");
      return;
    }
    Session session = sessions.computeIfAbsent(conn, c -> new Session());
    session.id = d.path("session_id").asText();
    session.sequence.set(d.path("seq").asInt()); // the events it saw; none is replayed here
    send(
        conn,
        Json.object()
            .put("op", 0)
            .put("t", "RESUMED")
            .put("s", session.sequence.incrementAndGet())
            .set("d", Json.object()));
    session.ready = true;
  }

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    sessions.remove(conn);
  }

  @Override
  public void onError(WebSocket conn, Exception ex) {
    log.debug("fake gateway connection error", ex);
  }

  private static void send(WebSocket conn, JsonNode payload) {
    conn.send(Json.write(payload));
  }
}
