package dev.incidentbot.bot.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.Wiring;
import dev.incidentbot.bot.config.ConfigLoader;
import dev.incidentbot.bot.config.HttpSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Slow and idle clients against the real HTTP port (issue 14, defect 4): with the JDK server, 200
 * connections sending a byte a second answered no {@code /healthz} probe, and 4 idle connections
 * blocked it for minutes.
 */
@DisplayName("HTTP port under slow and idle clients: /healthz answers every probe within 1 s")
class SlowClientsTest {
  /** How long the slow clients keep at it: the issue asks for 30 s. */
  static final Duration DURATION = Duration.ofSeconds(30);

  static final int CLIENTS = 200;
  static final Duration PROBE_EVERY = Duration.ofMillis(500);
  static final Duration PROBE_LIMIT = Duration.ofSeconds(1);

  /** A slow client's period: each sends its next bytes once a second. */
  static final Duration TICK = Duration.ofSeconds(1);

  /**
   * Detection is at the next tick, and the machine is shared: what a cut may take beyond its limit.
   */
  static final Duration SLACK = Duration.ofSeconds(3);

  private static final String TOKEN = "slow-clients-token-0123456789";

  private static Wiring wiring;
  private static BotHttpServer server;
  private static byte[] payload;

  /** How each slow client misbehaves, and how many of the 200 do it. */
  enum Kind {
    /** Sends a GET request line and headers one byte a second, never finishing. */
    HEADER(110),
    /** Sends a webhook request's headers at once, then its (valid) body one byte a second. */
    BODY_TRICKLE(40),
    /**
     * Sends a webhook body steadily, so that it would be complete after 25 s: past the body time
     * limit, within the test.
     */
    BODY_STEADY(20),
    /** Sends a webhook request's headers and the start of its body, then nothing more. */
    BODY_STALLED(10),
    /** Connects and sends nothing. */
    IDLE(20);

    final int count;

    Kind(int count) {
      this.count = count;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    String yaml =
        """
        targets:
          - name: cache
            url: redis://127.0.0.1:1
        store:
          url: "jdbc:h2:mem:slow-%s;DB_CLOSE_DELAY=-1"
        alerts:
          token: %s
        http:
          address: 127.0.0.1
          port: 0
        """
            .formatted(UUID.randomUUID(), TOKEN);
    wiring = new Wiring(new ConfigLoader(name -> null).parse("slow.yml", yaml), Clock.systemUTC());
    server =
        BotHttpServer.start(
            new HttpSettings("127.0.0.1", 0),
            Optional.of(TOKEN),
            wiring.alertIntake(),
            List.of(new HealthProbe("database", wiring.database()::reachable)),
            wiring.metrics());
    try (InputStream in =
        SlowClientsTest.class.getResourceAsStream(
            "/alerts/alertmanager/webhook/redisdown-firing-1.json")) {
      payload = in.readAllBytes();
    }
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (wiring != null) {
      wiring.close();
    }
  }

  @Test
  @Timeout(20)
  @DisplayName(
      "8 idle connections and 8 stalled mid-request (twice the old worker count each) block"
          + " neither /healthz nor the webhook")
  void idleConnectionsBlockNothing() throws Exception {
    List<Socket> idle = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        idle.add(new Socket("127.0.0.1", server.port()));
        Socket stalled = new Socket("127.0.0.1", server.port());
        stalled
            .getOutputStream()
            .write("GET /healthz HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
        idle.add(stalled);
      }
      for (int i = 0; i < 3; i++) {
        Probe probe =
            probe("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(probe.status()).as(probe.toString()).isEqualTo(200);
        assertThat(probe.took()).as(probe.toString()).isLessThan(PROBE_LIMIT);
      }
      Probe webhook =
          probe(
              "POST /alerts/alertmanager HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n"
                  + "Connection: close\r\n\r\n{}");
      assertThat(webhook.status()).as(webhook.toString()).isEqualTo(401);
      assertThat(webhook.took()).as(webhook.toString()).isLessThan(PROBE_LIMIT);
    } finally {
      for (Socket s : idle) {
        s.close();
      }
    }
  }

  @Test
  @Timeout(60)
  @DisplayName(
      "at the connection limit, idle connections are shed well before the idle timeout and"
          + " /healthz is answered")
  void connectionLimit() throws Exception {
    List<Socket> idle = new ArrayList<>();
    try {
      for (int i = 0; i < BotHttpServer.MAX_CONNECTIONS; i++) {
        idle.add(new Socket("127.0.0.1", server.port()));
      }
      long started = System.nanoTime();
      Duration shedBy = BotHttpServer.IDLE_TIMEOUT.minus(SLACK);
      Probe probe = null;
      while (System.nanoTime() - started < shedBy.toNanos()) {
        probe = probe("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        if (probe.status() == 200) {
          break;
        }
      }
      int shed = 0;
      for (Socket s : idle) {
        s.setSoTimeout(1);
        try {
          if (s.getInputStream().read() < 0) {
            shed++;
          }
        } catch (java.net.SocketTimeoutException e) {
          // still open
        } catch (IOException e) {
          shed++;
        }
      }

      assertThat(probe).isNotNull();
      assertThat(probe.status()).as(probe.toString()).isEqualTo(200);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(shedBy.plus(SLACK));
      assertThat(shed).as("idle connections closed by the server at the limit").isPositive();
    } finally {
      for (Socket s : idle) {
        s.close();
      }
    }
  }

  @Test
  @Timeout(120)
  @DisplayName(
      "200 slow clients for 30 s: every probe 200 within 1 s; the server cuts them; no slow body"
          + " gets a 202")
  void slowClients() throws Exception {
    List<Probe> probes = Collections.synchronizedList(new ArrayList<>());
    long end = System.nanoTime() + DURATION.toNanos();
    Thread prober =
        new Thread(
            () -> {
              long next = System.nanoTime();
              while (next < end) {
                probes.add(
                    probe("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
                next += PROBE_EVERY.toNanos();
                sleepUntil(next);
              }
            },
            "healthz-prober");

    List<Cut> cuts = new ArrayList<>();
    List<SlowClient> clients = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      for (int i = 0; i < kind.count; i++) {
        clients.add(SlowClient.open(kind, server.port(), payload));
      }
    }
    assertThat(clients).hasSize(CLIENTS);
    prober.start();
    try {
      long tick = System.nanoTime();
      while (System.nanoTime() < end) {
        for (int i = 0; i < clients.size(); i++) {
          SlowClient client = clients.get(i);
          if (!client.step()) {
            // cut by the server: note it and keep up the pressure with a new one
            cuts.add(client.cut());
            clients.set(i, SlowClient.open(client.kind, server.port(), payload));
          }
        }
        tick += TICK.toNanos();
        sleepUntil(Math.min(tick, end));
      }
    } finally {
      for (SlowClient client : clients) {
        client.close();
      }
      prober.join(TimeUnit.SECONDS.toMillis(5));
    }

    assertThat(probes.size())
        .isGreaterThanOrEqualTo((int) (DURATION.toMillis() / PROBE_EVERY.toMillis()) - 2);
    assertThat(probes)
        .allSatisfy(
            p -> {
              assertThat(p.status()).as(p.toString()).isEqualTo(200);
              assertThat(p.took()).as(p.toString()).isLessThan(PROBE_LIMIT);
            });

    Map<Kind, List<Cut>> byKind = new EnumMap<>(Kind.class);
    for (Cut cut : cuts) {
      byKind.computeIfAbsent(cut.kind(), k -> new ArrayList<>()).add(cut);
    }
    // every one of the first 200 was cut within its limit, and none got its request through
    assertThat(byKind.get(Kind.HEADER)).hasSizeGreaterThanOrEqualTo(Kind.HEADER.count);
    assertThat(byKind.get(Kind.HEADER))
        .allSatisfy(
            c -> assertThat(c.lived()).isLessThan(BotHttpServer.HEADER_TIMEOUT.plus(SLACK)));
    assertThat(byKind.get(Kind.IDLE)).hasSizeGreaterThanOrEqualTo(Kind.IDLE.count);
    assertThat(byKind.get(Kind.IDLE))
        .allSatisfy(c -> assertThat(c.lived()).isLessThan(BotHttpServer.IDLE_TIMEOUT.plus(SLACK)));
    assertThat(byKind.get(Kind.BODY_STALLED)).hasSizeGreaterThanOrEqualTo(Kind.BODY_STALLED.count);
    assertThat(byKind.get(Kind.BODY_STALLED))
        .allSatisfy(
            c -> {
              assertThat(c.lived()).isLessThan(BotHttpServer.IDLE_TIMEOUT.plus(SLACK));
              assertThat(c.received()).startsWith("HTTP/1.1 408 ");
            });
    for (Kind body : List.of(Kind.BODY_TRICKLE, Kind.BODY_STEADY)) {
      assertThat(byKind.get(body)).as(body.name()).hasSizeGreaterThanOrEqualTo(body.count);
      assertThat(byKind.get(body))
          .as(body.name())
          .allSatisfy(
              c -> {
                assertThat(c.lived()).isLessThan(BotHttpServer.BODY_TIMEOUT.plus(SLACK));
                assertThat(c.sentAll()).as("cut before its body was complete").isFalse();
                assertThat(c.received()).startsWith("HTTP/1.1 408 ").doesNotContain(" 202 ");
              });
    }
    assertThat(cuts).allSatisfy(c -> assertThat(c.received()).doesNotContain(" 202 "));
  }

  /** One {@code /healthz} (or other) request on a new connection, timed. */
  record Probe(int status, Duration took, String failure) {
    @Override
    public String toString() {
      return "probe: " + (failure != null ? failure : status) + " in " + took.toMillis() + " ms";
    }
  }

  private static Probe probe(String request) {
    long started = System.nanoTime();
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress("127.0.0.1", server.port()), (int) PROBE_LIMIT.toMillis());
      socket.setSoTimeout((int) PROBE_LIMIT.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      if (!answer.startsWith("HTTP/1.1 ") || answer.length() < 12) {
        return new Probe(0, took, "no status line: " + answer);
      }
      return new Probe(Integer.parseInt(answer.substring(9, 12)), took, null);
    } catch (IOException e) {
      return new Probe(0, Duration.ofNanos(System.nanoTime() - started), e.toString());
    }
  }

  private static void sleepUntil(long nanos) {
    long left;
    while ((left = nanos - System.nanoTime()) > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** A slow client the server closed: how long it lived, what it was answered, if anything. */
  record Cut(Kind kind, Duration lived, boolean sentAll, String received) {}

  /**
   * One slow connection, non-blocking so one thread drives all 200: each {@link #step} reads what
   * the server sent and writes the client's next bytes.
   */
  private static final class SlowClient {
    final Kind kind;
    private final SocketChannel channel;
    private final long opened = System.nanoTime();
    private final byte[] script;
    private final int perStep;
    private int sent;
    private final StringBuilder received = new StringBuilder();
    private final ByteBuffer in = ByteBuffer.allocate(4096);

    private SlowClient(Kind kind, SocketChannel channel, byte[] script, int sent, int perStep) {
      this.kind = kind;
      this.channel = channel;
      this.script = script;
      this.sent = sent;
      this.perStep = perStep;
    }

    static SlowClient open(Kind kind, int port, byte[] body) throws IOException {
      SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
      channel.configureBlocking(false);
      String webhookHead =
          "POST /alerts/alertmanager HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
              + TOKEN
              + "\r\nContent-Type: application/json\r\nContent-Length: "
              + body.length
              + "\r\n\r\n";
      var client =
          switch (kind) {
            case HEADER ->
                new SlowClient(
                    kind,
                    channel,
                    ("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + "a".repeat(200))
                        .getBytes(StandardCharsets.US_ASCII),
                    0,
                    1);
            case BODY_TRICKLE, BODY_STEADY -> {
              byte[] head = webhookHead.getBytes(StandardCharsets.US_ASCII);
              byte[] script = new byte[head.length + body.length];
              System.arraycopy(head, 0, script, 0, head.length);
              System.arraycopy(body, 0, script, head.length, body.length);
              int perStep = kind == Kind.BODY_TRICKLE ? 1 : (body.length + 24) / 25;
              yield new SlowClient(kind, channel, script, 0, perStep).sendHead(head.length);
            }
            case BODY_STALLED -> {
              byte[] head = webhookHead.getBytes(StandardCharsets.US_ASCII);
              byte[] script = new byte[head.length + body.length];
              System.arraycopy(head, 0, script, 0, head.length);
              System.arraycopy(body, 0, script, head.length, body.length);
              yield new SlowClient(kind, channel, script, 0, 0).sendHead(head.length + 10);
            }
            case IDLE -> new SlowClient(kind, channel, new byte[0], 0, 0);
          };
      return client;
    }

    private SlowClient sendHead(int length) throws IOException {
      write(length);
      return this;
    }

    /** Reads and writes once; false when the server has closed the connection. */
    boolean step() {
      try {
        int n;
        while ((n = channel.read(in.clear())) > 0) {
          received.append(new String(in.array(), 0, n, StandardCharsets.UTF_8));
        }
        if (n < 0) {
          return false;
        }
        write(perStep);
        return true;
      } catch (IOException e) {
        return false;
      }
    }

    private void write(int count) throws IOException {
      int n = Math.min(count, script.length - sent);
      if (n > 0) {
        sent += channel.write(ByteBuffer.wrap(script, sent, n));
      }
    }

    Cut cut() {
      close();
      return new Cut(
          kind,
          Duration.ofNanos(System.nanoTime() - opened),
          script.length > 0 && sent == script.length,
          received.toString());
    }

    void close() {
      try {
        channel.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
