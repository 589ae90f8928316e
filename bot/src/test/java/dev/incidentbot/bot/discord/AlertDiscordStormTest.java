package dev.incidentbot.bot.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.alert.StormPayloads;
import dev.incidentbot.bot.discord.fake.FakeDiscordExtension;
import dev.incidentbot.bot.discord.fake.FakeMessage;
import dev.incidentbot.bot.http.BotHttpServer;
import dev.incidentbot.testing.PrometheusText;
import dev.incidentbot.testing.RedisExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issue's storm, end to end: 1,000 Alertmanager notifications across 50 groups through the
 * bot's webhook, real JDA, the fake Discord with Discord's rate limits, a real redis-server.
 *
 * <p>What bounds it: every new group needs two calls on the one alerts channel (its message, its
 * thread), and Discord lets a channel take 5 new messages (and, separately, 5 new threads) per 5 s.
 * 50 messages are 10 windows, so the last group's message cannot be created sooner than 45 s after
 * the first, however fast the bot is. Repeats cost no call at all (they are counted), and triages
 * go to 50 different threads, each a channel of its own. The test asserts that floor (Discord's
 * limit held) and a ceiling of {@link #CEILING}: the floor plus a generous allowance for a busy
 * two-core machine.
 */
@DisplayName(
    "Alert storm in Discord: 1,000 webhook notifications across 50 groups, real JDA, the fake"
        + " Discord with Discord's rate limits, real redis-server")
class AlertDiscordStormTest {
  private static final Logger log = LoggerFactory.getLogger(AlertDiscordStormTest.class);
  private static final int GROUPS = 50;
  private static final int PER_GROUP = 20;
  private static final String TOKEN = "storm-token-0123456789abcdef";

  /** 10 windows of 5 messages on the alerts channel: the last starts 9 × 5 s after the first. */
  private static final Duration FLOOR = Duration.ofSeconds(45);

  private static final Duration CEILING = Duration.ofSeconds(150);

  @RegisterExtension
  @Order(1)
  static final RedisExtension redis = new RedisExtension();

  @RegisterExtension
  @Order(2)
  static final FakeDiscordExtension discord =
      FakeDiscordExtension.withTargets(
              () ->
                  "targets:\n  - name: cache-a\n    url: "
                      + redis.server().url()
                      + "\n    timeout: 500ms\n"
                      + "alerts:\n  token: "
                      + TOKEN
                      + "\n"
                      + "http:\n  port: 0\n")
          .build();

  private static BotHttpServer http;

  @BeforeAll
  static void openHttp() {
    http = discord.wiring().startHttp(List.of(discord.bot().connectedProbe())).orElseThrow();
  }

  @Test
  @DisplayName(
      "50 threads, one triage each, every notification counted, no rate limit ignored,"
          + " within Discord's pace")
  void storm() throws Exception {
    var bodies = new ArrayList<Map.Entry<Integer, String>>();
    for (int n = 0; n < PER_GROUP; n++) {
      for (int g = 0; g < GROUPS; g++) {
        bodies.add(Map.entry(g, StormPayloads.firing(g, n, "cache-a")));
      }
    }
    Collections.shuffle(bodies, new Random(7));
    Map<Integer, Instant> firstSent = new ConcurrentHashMap<>();

    long start = System.nanoTime();
    List<Integer> statuses = sendAll(bodies, firstSent);
    Duration sending = Duration.ofNanos(System.nanoTime() - start);

    assertThat(statuses).hasSize(GROUPS * PER_GROUP).containsOnly(202);
    assertThat(sending).isLessThan(Duration.ofMinutes(1));
    Map<Integer, FakeMessage> triages =
        awaitInEveryThread(m -> m.title().startsWith("Triage"), CEILING);
    awaitIdle();
    Duration total = Duration.ofNanos(System.nanoTime() - start);

    List<FakeMessage> alerts = discord.fake().messages("alerts");
    assertThat(alerts).hasSize(GROUPS);
    assertThat(alerts).extracting(FakeMessage::title).doesNotHaveDuplicates();
    for (FakeMessage alert : alerts) {
      assertThat(discord.fake().messages(alert.id())) // its thread: the triage and nothing else
          .singleElement()
          // "healthy", or "healthy · 1 warning" when a busy machine slows the PING
          .satisfies(m -> assertThat(m.title()).startsWith("Triage: cache-a — healthy"));
    }
    assertThat(discord.fake().rateLimitViolations()).isEmpty();
    Duration spread = Duration.between(created(alerts.get(0)), created(alerts.get(GROUPS - 1)));
    assertThat(spread).isGreaterThanOrEqualTo(FLOOR.minusSeconds(1));
    assertThat(total).isLessThan(CEILING);
    report(total, spread, firstSent, triages);

    var resolved = new ArrayList<Map.Entry<Integer, String>>();
    for (int g = 0; g < GROUPS; g++) {
      resolved.add(Map.entry(g, StormPayloads.resolved(g, "cache-a")));
    }
    assertThat(sendAll(resolved, new ConcurrentHashMap<>())).containsOnly(202);
    Map<Integer, FakeMessage> resolvedPosts =
        awaitInEveryThread(m -> m.title().startsWith("[RESOLVED]"), Duration.ofSeconds(60));
    awaitInEveryThread(m -> m.title().startsWith("Verified"), Duration.ofSeconds(60));

    assertThat(resolvedPosts.values())
        .allSatisfy(
            p ->
                assertThat(p.description())
                    .contains("Notification #" + (PER_GROUP + 1) + " for this alert group."));
    for (FakeMessage alert : discord.fake().messages("alerts")) {
      List<String> titles =
          discord.fake().messages(alert.id()).stream().map(FakeMessage::title).toList();
      assertThat(titles).hasSize(3);
      assertThat(titles.get(0)).startsWith("Triage: cache-a — healthy");
      assertThat(titles.get(1)).isEqualTo(alert.title().replace("[FIRING:1]", "[RESOLVED]"));
      assertThat(titles.get(2)).startsWith("Verified: cache-a");
    }
    assertThat(discord.fake().messages("alerts")).hasSize(GROUPS);
    PrometheusText metrics = PrometheusText.parse(discord.wiring().metrics().render());
    assertThat(
            metrics.value(
                "bot_alerts_received_total",
                "source",
                "alertmanager_webhook",
                "outcome",
                "accepted"))
        .isEqualTo(GROUPS * PER_GROUP + GROUPS);
    assertThat(metrics.value("bot_alert_triage_seconds_count")).isEqualTo(GROUPS);
    assertThat(discord.fake().rateLimitViolations()).isEmpty();
  }

  /** Posts every body to the webhook from 16 clients; notes when each group's first one went. */
  private static List<Integer> sendAll(
      List<Map.Entry<Integer, String>> bodies, Map<Integer, Instant> firstSent) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      var futures = new ArrayList<Future<Integer>>();
      for (var body : bodies) {
        futures.add(
            pool.submit(
                () -> {
                  firstSent.putIfAbsent(body.getKey(), Instant.now());
                  return post(body.getValue());
                }));
      }
      var statuses = new ArrayList<Integer>();
      for (var f : futures) {
        statuses.add(f.get());
      }
      return statuses;
    } finally {
      pool.shutdownNow();
    }
  }

  private static int post(String body) throws Exception {
    return AlertWebhookClient.post(http, TOKEN, body);
  }

  /**
   * Group number → the first message matching {@code test} in its thread, once every one of the 50
   * groups has one; fails after {@code timeout} naming how many had.
   */
  private static Map<Integer, FakeMessage> awaitInEveryThread(
      Predicate<FakeMessage> test, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<Integer, FakeMessage> found = new TreeMap<>();
    while (System.nanoTime() < deadline) {
      found.clear();
      for (FakeMessage alert : discord.fake().messages("alerts")) {
        try {
          discord.fake().messages(alert.id()).stream()
              .filter(test)
              .findFirst()
              .ifPresent(m -> found.put(group(alert), m));
        } catch (IllegalArgumentException noThreadYet) {
          // its thread comes when the alerts channel's bucket lets it
        }
      }
      if (found.size() == GROUPS) {
        return found;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "after " + timeout.toSeconds() + " s only " + found.size() + " of 50 threads had it");
  }

  private static void awaitIdle() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (discord.wiring().alertIntake().pending() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(discord.wiring().alertIntake().pending()).isZero();
  }

  private static int group(FakeMessage alert) {
    return Integer.parseInt(alert.title().replaceAll(".*StormAlert", ""));
  }

  private static Instant created(FakeMessage m) {
    return OffsetDateTime.parse(m.json().path("timestamp").asText()).toInstant();
  }

  /** Logs the figures the README quotes: how long, and each group's first POST to its triage. */
  private static void report(
      Duration total,
      Duration spread,
      Map<Integer, Instant> firstSent,
      Map<Integer, FakeMessage> triages) {
    long[] latencies =
        triages.entrySet().stream()
            .mapToLong(
                e -> Duration.between(firstSent.get(e.getKey()), created(e.getValue())).toMillis())
            .sorted()
            .toArray();
    log.info(
        "storm: all triaged in {} ms; alert messages spread over {} ms; first POST to triage"
            + " p50 {} ms, max {} ms; 429s served {}",
        total.toMillis(),
        spread.toMillis(),
        latencies[latencies.length / 2],
        latencies[latencies.length - 1],
        discord.fake().rateLimited().size());
  }
}
