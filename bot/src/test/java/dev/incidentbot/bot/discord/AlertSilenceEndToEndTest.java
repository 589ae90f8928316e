package dev.incidentbot.bot.discord;

import static dev.incidentbot.testing.TargetsYaml.target;
import static dev.incidentbot.testing.TargetsYaml.targets;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.discord.fake.FakeDiscord;
import dev.incidentbot.bot.discord.fake.FakeDiscordExtension;
import dev.incidentbot.bot.discord.fake.FakeMessage;
import dev.incidentbot.bot.discord.fake.FakeModal;
import dev.incidentbot.bot.discord.fake.FakeUser;
import dev.incidentbot.testing.AlertmanagerApi;
import dev.incidentbot.testing.AlertmanagerServer;
import dev.incidentbot.testing.RedisServer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Closing the alert loop from the thread, against a real Alertmanager that notifies the real bot
 * (real JDA, the fake Discord): silence from the alert message's button with the plan, the role and
 * two-person rules, Alertmanager's own API showing exactly the matchers the plan showed and the
 * alerts muted (no further notification reaches the bot), expire, the warning before a silence ends
 * with Extend, Ack stopping the repeat pings, and silences that would match everything refused.
 */
@DisplayName("Silence, expire, extend and ack from the alert thread, against a real Alertmanager")
class AlertSilenceEndToEndTest {
  private static final String TOKEN = "silence-am-token-0123456789abcdef";
  private static final Duration WAIT = Duration.ofSeconds(25);
  private static final int BOT_PORT = RedisServer.freePort();

  static final RedisServer redis = RedisServer.start();
  static final AlertmanagerServer alertmanager =
      AlertmanagerServer.builder()
          .webhook("bot", "http://127.0.0.1:" + BOT_PORT + "/alerts/alertmanager", TOKEN)
          .start();
  static final AlertmanagerApi api = new AlertmanagerApi(alertmanager.url());

  @RegisterExtension
  static final FakeDiscordExtension discord =
      FakeDiscordExtension.withTargets(
              () ->
                  targets(target("cache", redis.url(), "timeout: 500ms"))
                      + "alerts:\n"
                      + "  token: "
                      + TOKEN
                      + "\n"
                      + "  triageWindow: 1s\n"
                      + "  silenceWarning: 3s\n"
                      + "  targets:\n"
                      + "    - target: cache\n      labels: {alertname: RedisDown}\n"
                      + "  alertmanagers:\n"
                      + "    - name: am-test\n      url: "
                      + alertmanager.url()
                      + "\n      timeout: 2s\n"
                      + "http:\n  port: "
                      + BOT_PORT
                      + "\n")
          .setUp(fake -> fake.roleMentionable("On-Call", true))
          .build();

  private static final AlertWait waits =
      new AlertWait(discord, WAIT, () -> "\nAlertmanager's log:\n" + alertmanager.log());

  @BeforeAll
  static void startHttp() {
    discord.wiring().startHttp(List.of()).orElseThrow();
  }

  @AfterAll
  static void stopAll() {
    alertmanager.close();
    redis.close();
  }

  @Test
  @DisplayName(
      "Silence 1h on the alert message: a viewer is refused, the plan shows the matchers, an"
          + " operator confirms; Alertmanager holds exactly them and mutes the group (a new alert"
          + " reaches nobody); Unsilence expires it and the muted alert notifies again")
  void silenceFromTheAlertMessage() {
    FakeDiscord fake = discord.fake();
    FakeUser alice = discord.user("alice", "Operator");
    FakeUser bob = discord.user("bob", "Operator");
    FakeUser victor = discord.user("victor", "Viewer");
    alertmanager.fire(redisDown("orders", Map.of()), Map.of());
    FakeMessage alert = waits.alertMessage("RedisDown orders");
    assertThat(alert.buttonLabels())
        .contains("Silence 1h", "Silence 4h", "Silence…", "Unsilence", "Ack");
    waits.thread(alert, m -> m.title().startsWith("Triage:"));

    FakeMessage viewer = fake.awaitAnswer(discord.click(alert, "Silence 1h", victor));
    assertThat(viewer.ephemeral()).isTrue();
    assertThat(viewer.description()).contains("operator");

    FakeMessage plan = fake.awaitAnswer(discord.click(alert, "Silence 1h", alice));
    String matchers =
        "alertname=\"RedisDown\", notify=\"bot\", redis_target=\"orders-cache\","
            + " service=\"orders\", severity=\"critical\"";
    assertThat(plan.title()).startsWith("Confirm? /alert silence");
    assertThat(plan.fields().get("Will run"))
        .isEqualTo("create a silence on am-test for 1 h with matchers: " + matchers);
    assertThat(plan.fields().get("Matches (dry run)")).isEqualTo("1 alert now: RedisDown");
    assertThat(plan.fields().get("Risk")).startsWith("low");
    assertThat(plan.buttonLabels()).containsExactly("Confirm", "Cancel");
    assertThat(silences("orders")).as("nothing before Confirm").isEmpty();

    FakeMessage refused = fake.awaitAnswer(discord.click(plan, "Confirm", victor));
    assertThat(refused.description()).startsWith("Only members with the operator role");
    FakeMessage done =
        fake.awaitAnswer(discord.click(plan, "Confirm", bob), AlertSilenceEndToEndTest::finished);
    assertThat(done.title()).startsWith("Done: silenced RedisDown orders until ");

    List<AlertmanagerApi.Silence> held = silences("orders");
    assertThat(held).hasSize(1);
    assertThat(held.get(0).matchers())
        .containsExactlyInAnyOrder(
            "alertname=RedisDown",
            "notify=bot",
            "redis_target=orders-cache",
            "service=orders",
            "severity=critical");
    assertThat(held.get(0).createdBy()).isEqualTo("alice");
    String id = held.get(0).id();
    assertThat(alerts("orders"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.state()).isEqualTo("suppressed");
              assertThat(a.silencedBy()).containsExactly(id);
            });
    FakeMessage silenced = waits.thread(alert, m -> m.title().startsWith("🔕 Silenced by alice"));
    assertThat(silenced.fields().get("Matchers")).isEqualTo(matchers);

    // a second alert of the group: muted by the silence, so Alertmanager tells the bot nothing
    int before = fake.messages(alert.id()).size();
    alertmanager.fire(redisDown("orders", Map.of("instance", "b")), Map.of());
    waits.await(
        "the second alert muted",
        () -> alerts("orders").size() == 2 ? Optional.of(1) : Optional.empty());
    sleep(Duration.ofSeconds(4)); // group_interval is 1 s: a notification would have come by now
    assertThat(alerts("orders")).allSatisfy(a -> assertThat(a.state()).isEqualTo("suppressed"));
    assertThat(fake.messages(alert.id())).hasSize(before);

    FakeMessage unsilence = fake.awaitAnswer(discord.click(silenced, "Unsilence", bob));
    assertThat(unsilence.title()).startsWith("Confirm? /alert unsilence");
    assertThat(unsilence.fields().get("Will run")).contains("expire ").contains(matchers);
    FakeMessage expired =
        fake.awaitAnswer(
            discord.click(unsilence, "Confirm", bob), AlertSilenceEndToEndTest::finished);
    assertThat(expired.title()).startsWith("Done: expired ");
    assertThat(silences("orders")).isEmpty();
    assertThat(api.silences())
        .isNotEmpty()
        .extracting(AlertmanagerApi.Silence::state)
        .containsOnly("expired");
    FakeMessage again =
        waits.thread(alert, m -> m.title().equals("Still firing: RedisDown orders"));
    assertThat(again.description())
        .as("the alert muted while silenced reaches the bot once the silence is expired")
        .contains("instance b")
        .doesNotContain("Taken by");
  }

  @Test
  @DisplayName(
      "/alert silence for 48 h or with a regex is high risk: the requester cannot confirm alone;"
          + " a silence matching everything is refused; Silence… opens the form")
  void riskRules() {
    FakeDiscord fake = discord.fake();
    FakeUser alice = discord.user("alice", "Operator");
    FakeUser bob = discord.user("bob", "Operator");
    FakeMessage alert = firedAndTriaged("carts");

    FakeModal form = fake.awaitModal(discord.click(alert, "Silence…", alice));
    assertThat(form.title()).isEqualTo("Silence RedisDown carts");
    FakeMessage fromForm =
        fake.awaitAnswer(
            fake.submitModal(form, Map.of("for", "48h", "comment", "known, fix tomorrow"), alice));
    assertThat(fromForm.title()).contains("comment:known, fix tomorrow").contains("for:2d");
    assertThat(fromForm.buttonLabels()).containsExactly("Confirm (high risk)", "Cancel");
    assertThat(fromForm.fields().get("Risk")).contains("high").contains("longer than 24 h");
    FakeMessage self = fake.awaitAnswer(discord.click(fromForm, "Confirm (high risk)", alice));
    assertThat(self.description()).contains("someone other than the requester must confirm it");
    assertThat(silences("carts")).isEmpty();

    FakeMessage regex =
        discord.run(
            "alert silence",
            Map.of(
                "group",
                alert.id(),
                "for",
                "1h",
                "matchers",
                "alertname=\"RedisDown\", service=~\"carts|orders\""),
            alice);
    assertThat(regex.fields().get("Risk"))
        .contains("high")
        .contains("regex matchers (service=~\"carts|orders\")")
        .contains("leaves out");

    FakeMessage everything =
        discord.run(
            "alert silence",
            Map.of("group", alert.id(), "for", "1h", "matchers", "alertname=~\".*\""),
            alice);
    assertThat(everything.description()).startsWith("Refused:").contains("Nothing was planned");
    FakeMessage empty =
        discord.run(
            "alert silence",
            Map.of("group", alert.id(), "for", "1h", "matchers", "service!=\"none\""),
            alice);
    assertThat(empty.description()).startsWith("Refused:");

    FakeMessage done =
        fake.awaitAnswer(
            discord.click(fromForm, "Confirm (high risk)", bob),
            AlertSilenceEndToEndTest::finished);
    assertThat(done.title()).startsWith("Done: silenced RedisDown carts");
    assertThat(silences("carts"))
        .singleElement()
        .satisfies(
            s ->
                assertThat(Instant.parse(s.endsAt()))
                    .isAfter(Instant.now().plus(Duration.ofHours(47))));
    expireAll(alert, bob);
  }

  @Test
  @DisplayName(
      "a silence about to end while its alert fires: the thread is warned with Extend / Let it"
          + " end; Extend moves its end in Alertmanager")
  void warningBeforeTheEndAndExtend() {
    FakeDiscord fake = discord.fake();
    FakeUser alice = discord.user("alice", "Operator");
    FakeUser bob = discord.user("bob", "Operator");
    FakeMessage alert = firedAndTriaged("queue");

    FakeMessage plan =
        discord.run("alert silence", Map.of("group", alert.id(), "for", "10s"), alice);
    fake.awaitAnswer(discord.click(plan, "Confirm", bob), m -> m.title().startsWith("Done"));

    FakeMessage warning =
        waits.thread(alert, m -> m.title().startsWith("Silence by alice ends in "));
    assertThat(warning.title()).endsWith("; RedisDown still firing");
    assertThat(warning.buttonLabels()).containsExactly("Extend 1h", "Let it end");

    FakeMessage letEnd = fake.awaitAnswer(discord.click(warning, "Let it end", alice));
    assertThat(letEnd.description())
        .startsWith("alice lets silence ")
        .contains(" of RedisDown queue end at ")
        .endsWith("its alerts notify again then.");
    FakeMessage extend = fake.awaitAnswer(discord.click(warning, "Extend 1h", bob));
    assertThat(extend.title()).startsWith("Confirm? /alert extend");
    FakeMessage extended =
        fake.awaitAnswer(
            discord.click(extend, "Confirm", alice), AlertSilenceEndToEndTest::finished);
    assertThat(extended.title()).startsWith("Done: silence ").contains(" now ends at ");
    assertThat(silences("queue"))
        .singleElement()
        .satisfies(
            s ->
                assertThat(Instant.parse(s.endsAt()))
                    .isAfter(Instant.now().plus(Duration.ofMinutes(55))));
    assertThat(alerts("queue")).allSatisfy(a -> assertThat(a.state()).isEqualTo("suppressed"));
    expireAll(alert, bob);
  }

  @Test
  @DisplayName(
      "a repeat pings the on-call role until someone presses Ack; then it says who took it and"
          + " pings no one")
  void ackStopsTheRepeatPing() {
    FakeDiscord fake = discord.fake();
    FakeUser bob = discord.user("bob", "Operator");
    String onCall = "<@&" + fake.roleId("On-Call") + ">";
    FakeMessage alert = firedAndTriaged("billing");

    sleep(Duration.ofMillis(1500)); // past the triage window: the next notification is a repeat
    alertmanager.fire(redisDown("billing", Map.of("instance", "b")), Map.of());
    FakeMessage repeat =
        waits.thread(alert, m -> m.title().equals("Still firing: RedisDown billing"));
    assertThat(repeat.content()).isEqualTo(onCall);

    FakeMessage ack = fake.awaitAnswer(discord.click(alert, "Ack", bob));
    assertThat(ack.title()).isEqualTo("✋ bob took RedisDown billing");
    waits.thread(alert, m -> m.title().equals("✋ bob took RedisDown billing"));

    sleep(Duration.ofMillis(1500)); // past the triage window of the repeat's own triage
    int seen = fake.messages(alert.id()).size();
    alertmanager.fire(redisDown("billing", Map.of("instance", "c")), Map.of());
    FakeMessage quiet =
        waits.await(
            "a repeat after the ack",
            () ->
                fake.messages(alert.id()).stream()
                    .skip(seen)
                    .filter(m -> m.title().equals("Still firing: RedisDown billing"))
                    .findFirst());
    assertThat(quiet.description()).contains("Taken by bob.");
    assertThat(quiet.content()).doesNotContain(onCall);
    assertThat(silences("billing")).as("Ack does not touch Alertmanager").isEmpty();
  }

  private static boolean finished(FakeMessage m) {
    return m.title().startsWith("Done") || m.title().startsWith("Failed");
  }

  private static void expireAll(FakeMessage alert, FakeUser who) {
    FakeMessage plan = discord.fake().awaitAnswer(discord.click(alert, "Unsilence", who));
    discord
        .fake()
        .awaitAnswer(discord.click(plan, "Confirm", who), m -> m.title().startsWith("Done"));
    String service = alert.title().substring(alert.title().lastIndexOf(' ') + 1);
    assertThat(silences(service)).isEmpty();
  }

  /** Fires RedisDown for {@code service} and waits for its alert message and triage. */
  private static FakeMessage firedAndTriaged(String service) {
    alertmanager.fire(redisDown(service, Map.of()), Map.of());
    FakeMessage alert = waits.alertMessage("RedisDown " + service);
    waits.thread(alert, m -> m.title().startsWith("Triage:"));
    return alert;
  }

  private static Map<String, String> redisDown(String service, Map<String, String> more) {
    var labels = new HashMap<String, String>(more);
    labels.put("alertname", "RedisDown");
    labels.put("service", service);
    labels.put("redis_target", service + "-cache");
    labels.put("severity", "critical");
    labels.put(AlertmanagerServer.ROUTE_LABEL, "bot");
    return labels;
  }

  private static List<AlertmanagerApi.Silence> silences(String service) {
    return api.activeSilences().stream()
        .filter(s -> s.matchers().stream().anyMatch(m -> m.endsWith("service=" + service)))
        .toList();
  }

  private static List<AlertmanagerApi.Alert> alerts(String service) {
    return api.alerts().stream().filter(a -> service.equals(a.labels().get("service"))).toList();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
