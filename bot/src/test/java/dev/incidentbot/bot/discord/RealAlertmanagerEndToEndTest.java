package dev.incidentbot.bot.discord;

import static dev.incidentbot.testing.TargetsYaml.target;
import static dev.incidentbot.testing.TargetsYaml.targets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.incidentbot.bot.discord.fake.FakeDiscordExtension;
import dev.incidentbot.bot.discord.fake.FakeMessage;
import dev.incidentbot.bot.http.BotHttpServer;
import dev.incidentbot.testing.AlertmanagerServer;
import dev.incidentbot.testing.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The "done when", with nothing captured or replayed: a real Alertmanager process, fed
 * alerts through its API v2, notifies the real bot (real JDA, the fake Discord, real redis-servers)
 * once through {@code webhook_configs} at the bot's HTTP port and once through {@code
 * discord_configs} at a Discord webhook whose messages land in #alerts. Each firing alert opens one
 * triaged thread; its resolution is said in that thread with a verification check.
 */
@DisplayName(
    "A real Alertmanager notifies the bot: webhook and Discord receivers, real JDA, fake Discord,"
        + " real redis-server")
class RealAlertmanagerEndToEndTest {
  private static final String TOKEN = "real-am-token-0123456789abcdef";

  /** Alertmanager waits 1 s, then retries failed notifications: generous for a busy machine. */
  private static final Duration WAIT = Duration.ofSeconds(25);

  static final RedisServer orders = RedisServer.start();
  static final RedisServer sessions = RedisServer.start();
  private static BotHttpServer http;
  private static ExecuteWebhookEndpoint discordWebhook;
  private static AlertmanagerServer alertmanager;

  @RegisterExtension
  static final FakeDiscordExtension discord =
      FakeDiscordExtension.withTargets(
              () ->
                  targets(
                          target("orders-cache", orders.url(), "timeout: 500ms"),
                          target("sessions-cache", sessions.url(), "timeout: 500ms"))
                      + RealAlertmanagerEndToEndTest.discord.fake().alertSendersYaml()
                      + "  token: "
                      + TOKEN
                      + "\n"
                      + "http:\n  port: 0\n")
          .build();

  private static final AlertWait waits =
      new AlertWait(discord, WAIT, () -> "\nAlertmanager's log:\n" + alertmanager.log());

  @BeforeAll
  static void startAlertmanager() {
    http = discord.wiring().startHttp(List.of(discord.bot().connectedProbe())).orElseThrow();
    discordWebhook = ExecuteWebhookEndpoint.start(discord.fake(), "alerts");
    alertmanager =
        AlertmanagerServer.builder()
            .webhook("bot", "http://127.0.0.1:" + http.port() + "/alerts/alertmanager", TOKEN)
            .discord("discord", discordWebhook.url())
            .start();
  }

  @AfterAll
  static void stopAll() {
    if (alertmanager != null) {
      alertmanager.close();
    }
    if (discordWebhook != null) {
      discordWebhook.close();
    }
    orders.close();
    sessions.close();
  }

  @Test
  @DisplayName(
      "webhook_configs with the bearer token: RedisDown on a killed server → one thread, triage"
          + " A with actions → restarted and resolved → verified healthy in the same thread")
  void webhookReceiver() {
    orders.kill();
    AlertmanagerServer.Firing down =
        alertmanager.fire(redisDown("orders", "bot"), summary("orders"));

    FakeMessage alert =
        waits.await(
            "the bot's alert message in #alerts",
            () -> discord.fake().messages("alerts").stream().findFirst());
    assertThat(alert.title()).isEqualTo("[FIRING:1] RedisDown orders");
    assertThat(alert.fromWebhook()).isFalse(); // the bot posted it: the alert came by HTTP
    assertThat(alert.description())
        .contains("Redis orders-cache is down")
        .contains("redis_target orders-cache");
    FakeMessage triage = waits.thread(alert, 1).get(0);
    assertThat(triage.title()).isEqualTo("Triage: orders-cache — A: Redis unreachable");
    assertThat(triage.fields().get("Health"))
        .contains("orders-cache — A: Redis unreachable")
        .contains("refused the connection");
    assertThat(triage.fields()).containsKey("Next steps (A: Redis unreachable)");
    assertThat(triage.buttonLabels()).contains("Topology", "Re-check");

    orders.restart();
    down.resolve();

    List<FakeMessage> thread = waits.thread(alert, 3);
    assertThat(thread)
        .extracting(FakeMessage::title)
        .containsExactly(
            "Triage: orders-cache — A: Redis unreachable",
            "[RESOLVED] RedisDown orders",
            "Verified: orders-cache healthy again");
    assertThat(thread.get(1).description()).contains("✅ resolved: Redis orders-cache is down");
    assertThat(thread.get(2).fields().get("Health")).contains("orders-cache — healthy");
    assertThat(discord.fake().messages("alerts"))
        .as("one alert message, one thread: the resolved notification went into it")
        .extracting(FakeMessage::id)
        .containsExactly(alert.id());
    assertThat(alertmanager.failedNotifications("bot"))
        .as("the bot took every notification at the first attempt")
        .isEmpty();
    assertThat(discordWebhook.posted())
        .as("nothing of this group went through the Discord receiver")
        .extracting(FakeMessage::title)
        .noneMatch(title -> title.contains("RedisDown orders"));
  }

  @Test
  @DisplayName(
      "discord_configs at the alert webhook: RedisDown message → one thread, triage A →"
          + " restarted and resolved → Alertmanager's [RESOLVED] message → verified in the thread")
  void discordReceiver() {
    sessions.kill();
    AlertmanagerServer.Firing down =
        alertmanager.fire(redisDown("sessions", "discord"), summary("sessions"));

    FakeMessage alert =
        waits.await(
            "Alertmanager's message in #alerts",
            () -> discordWebhook.posted().stream().findFirst());
    assertThat(alert.fromWebhook()).isTrue();
    assertThat(alert.title()).startsWith("[FIRING:1] RedisDown sessions (");
    assertThat(alert.description())
        .contains("Alerts Firing:")
        .contains(" - redis_target = sessions-cache")
        .contains(" - summary = Redis sessions-cache is down");
    FakeMessage triage = waits.thread(alert, 1).get(0);
    assertThat(triage.title()).isEqualTo("Triage: sessions-cache — A: Redis unreachable");
    assertThat(triage.fields().get("Health")).contains("refused the connection");
    assertThat(triage.buttonLabels()).contains("Topology", "Re-check");

    sessions.restart();
    down.resolve();

    FakeMessage resolved =
        waits.await(
            "Alertmanager's resolved message in #alerts",
            () -> discordWebhook.posted().stream().skip(1).findFirst());
    assertThat(resolved.title()).startsWith("[RESOLVED] RedisDown sessions");
    assertThat(resolved.description()).contains("Alerts Resolved:");
    List<FakeMessage> thread = waits.thread(alert, 3);
    assertThat(thread)
        .extracting(FakeMessage::title)
        .containsExactly(
            "Triage: sessions-cache — A: Redis unreachable",
            "[RESOLVED] RedisDown sessions",
            "Verified: sessions-cache healthy again");
    assertThat(thread.get(2).fields().get("Health")).contains("sessions-cache — healthy");
    assertThat(discord.fake().messages("alerts"))
        .as("Alertmanager's two messages and nothing from the bot; only the first has a thread")
        .extracting(FakeMessage::id, m -> m.json().has("thread"))
        .containsExactly(tuple(alert.id(), true), tuple(resolved.id(), false));
  }

  private static Map<String, String> redisDown(String service, String receiver) {
    return Map.of(
        "alertname",
        "RedisDown",
        "service",
        service,
        "redis_target",
        service + "-cache",
        "severity",
        "critical",
        AlertmanagerServer.ROUTE_LABEL,
        receiver);
  }

  private static Map<String, String> summary(String service) {
    return Map.of("summary", "Redis " + service + "-cache is down");
  }
}
