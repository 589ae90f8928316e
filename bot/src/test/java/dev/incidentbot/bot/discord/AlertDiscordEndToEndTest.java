package dev.incidentbot.bot.discord;

import static dev.incidentbot.testing.TargetsYaml.target;
import static dev.incidentbot.testing.TargetsYaml.targets;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidentbot.bot.discord.fake.FakeDiscordExtension;
import dev.incidentbot.bot.discord.fake.FakeMessage;
import dev.incidentbot.bot.discord.fake.FakeUser;
import dev.incidentbot.bot.http.BotHttpServer;
import dev.incidentbot.testing.RedisServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

@DisplayName(
    "Alerts in Discord end to end: real JDA, fake Discord, real redis-server, real payloads")
class AlertDiscordEndToEndTest {
  private static final String TOKEN = "e2e-alert-token-0123456789";
  private static final JsonMapper JSON = new JsonMapper();

  static final RedisServer cacheA = RedisServer.start();
  static final RedisServer cacheB = RedisServer.start();
  private static BotHttpServer http;

  @RegisterExtension
  static final FakeDiscordExtension discord =
      FakeDiscordExtension.withTargets(
              () ->
                  targets(
                          target("cache-a", cacheA.url(), "timeout: 500ms"),
                          target("cache-b", cacheB.url(), "timeout: 500ms"))
                      + AlertDiscordEndToEndTest.discord.fake().alertSendersYaml()
                      + "  token: "
                      + TOKEN
                      + "\n"
                      + "http:\n  port: 0\n")
          .build();

  @BeforeAll
  static void openHttp() {
    http = discord.wiring().startHttp(List.of(discord.bot().connectedProbe())).orElseThrow();
  }

  @AfterAll
  static void stopRedis() {
    cacheA.close();
    cacheB.close();
  }

  @Test
  @DisplayName(
      "Alertmanager's Discord message → thread → triage with buttons that work →"
          + " resolved message → verification")
  void alertmanagerDiscordMessage() throws Exception {
    FakeUser viewer = discord.user("vera", "Viewer");
    cacheA.kill();

    FakeMessage alert = post("alertmanager/discord/redisdown-firing-1.json");
    FakeMessage triage = inThread(alert.id(), 1).get(0);

    assertThat(triage.title()).isEqualTo("Triage: cache-a — A: Redis unreachable");
    assertThat(triage.fields()).containsKeys("Health", "Next steps (A: Redis unreachable)");
    assertThat(triage.buttonLabels()).contains("Topology", "Re-check");
    FakeMessage recheck = discord.fake().awaitAnswer(discord.click(triage, "Re-check", viewer));
    assertThat(recheck.title()).startsWith("cache-a: A: Redis unreachable");

    cacheA.restart();
    FakeMessage resolved = post("alertmanager/discord/redisdown-resolved.json");
    List<FakeMessage> thread = inThread(alert.id(), 4);

    assertThat(thread)
        .extracting(FakeMessage::title)
        .containsExactly(
            "Triage: cache-a — A: Redis unreachable",
            "cache-a: A: Redis unreachable", // the Re-check button's answer
            "[RESOLVED] RedisDown orders",
            "Verified: cache-a, cache-b healthy again");
    assertThat(discord.fake().messages("alerts"))
        .extracting(FakeMessage::id)
        .containsExactly(alert.id(), resolved.id()); // the bot added nothing to the channel
  }

  @Test
  @DisplayName(
      "Alertmanager webhook → the bot posts the alert in #alerts → thread → triage;"
          + " /healthz says Discord is connected")
  void webhook() throws Exception {
    var client = HttpClient.newHttpClient();
    HttpResponse<String> accepted =
        client.send(
            HttpRequest.newBuilder(uri("/alerts/alertmanager"))
                .header("Authorization", "Bearer " + TOKEN)
                .POST(
                    HttpRequest.BodyPublishers.ofByteArray(
                        AlertFixturePosts.bytes("alertmanager/webhook/memoryhigh-firing.json")))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(accepted.statusCode()).isEqualTo(202);

    FakeMessage posted =
        discord.fake().awaitMessages("alerts", 1).stream()
            .filter(m -> m.title().equals("[FIRING:1] RedisMemoryHigh orders"))
            .findFirst()
            .orElseThrow();
    FakeMessage triage = inThread(posted.id(), 1).get(0);
    assertThat(triage.title()).isEqualTo("Triage: cache-a — healthy");
    assertThat(posted.fromWebhook()).isFalse();

    HttpResponse<String> health =
        client.send(
            HttpRequest.newBuilder(uri("/healthz")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"discord\":\"up\"");
  }

  @Test
  @DisplayName(
      "out of memory: the triage's Purge cache:* button opens recovery's confirmation,"
          + " and an operator's Confirm runs it")
  void purgeButtonOpensConfirmation() throws Exception {
    FakeUser alice = discord.user("alice", "Operator");
    FakeUser bob = discord.user("bob", "Operator");
    try (Jedis j = cacheB.client()) {
      try (Pipeline p = j.pipelined()) {
        for (int i = 0; i < 2000; i++) {
          p.set("cache:" + i, "x".repeat(200));
          p.set("session:" + i, "kept");
        }
      }
      long used = Long.parseLong(info(j, "used_memory"));
      j.configSet("maxmemory-policy", "noeviction");
      j.configSet("maxmemory", String.valueOf((long) (used / 0.92)));
    }
    String body =
        new String(AlertFixturePosts.bytes("alertmanager/discord/memoryhigh-firing.json"))
            .replace("cache-a", "cache-b");
    ObjectNode json = (ObjectNode) JSON.readTree(body);
    FakeMessage alert =
        discord.fake().postWebhookMessage("alerts", "", (ObjectNode) json.path("embeds").get(0));
    FakeMessage triage = inThread(alert.id(), 1).get(0);

    // B with its cause: at 92 % "close to its limit", at 100 % "writes failing"
    assertThat(triage.title()).startsWith("Triage: cache-b — B: ");
    assertThat(triage.buttonLabels()).contains("Memory", "Big keys", "Purge cache:*", "Re-check");

    FakeMessage plan = discord.fake().awaitAnswer(discord.click(triage, "Purge cache:*", alice));
    assertThat(plan.title()).isEqualTo("Confirm? /redis purge pattern:cache:* on cache-b");
    assertThat(plan.buttonLabels()).containsExactly("Confirm", "Cancel");
    FakeMessage done =
        discord
            .fake()
            .awaitAnswer(discord.click(plan, "Confirm", bob), m -> m.title().startsWith("Done"));
    assertThat(done.title()).isEqualTo("Done: removed 2,000 keys from cache-b");
    try (Jedis j = cacheB.client()) {
      assertThat(j.dbSize()).isEqualTo(2000);
      j.configSet("maxmemory", "0");
    }
  }

  private static String info(Jedis jedis, String field) {
    for (String line : jedis.info("memory").split("\r?\n")) {
      if (line.startsWith(field + ":")) {
        return line.substring(field.length() + 1).strip();
      }
    }
    throw new IllegalStateException("no " + field + " in INFO");
  }

  @Test
  @DisplayName("a message in #alerts from someone who is not a configured sender is not an alert")
  void otherSenders() throws Exception {
    discord.fake().postWebhookMessage("ops", "[FIRING] Not in the alert channel");
    Thread.sleep(500);
    assertThat(discord.fake().messages("ops")).hasSize(1);
  }

  /**
   * The messages in the thread started on message {@code id}, once it exists and has {@code count}.
   */
  private static List<FakeMessage> inThread(String id, int count) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (true) {
      try {
        List<FakeMessage> messages = discord.fake().messages(id);
        if (messages.size() >= count || System.nanoTime() > deadline) {
          return messages;
        }
      } catch (IllegalArgumentException noThreadYet) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no thread on message " + id + " within 10 s", noThreadYet);
        }
      }
      Thread.sleep(20);
    }
  }

  private static FakeMessage post(String path) throws IOException {
    return AlertFixturePosts.post(discord.fake(), path);
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + http.port() + path);
  }
}
