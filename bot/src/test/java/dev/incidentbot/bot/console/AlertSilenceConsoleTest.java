package dev.incidentbot.bot.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.Wiring;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.ConfigLoader;
import dev.incidentbot.testing.AlertmanagerApi;
import dev.incidentbot.testing.AlertmanagerServer;
import dev.incidentbot.testing.Printed;
import dev.incidentbot.testing.RedisServer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Silencing from the console, against an HA pair of real Alertmanagers plus a third configured one
 * that is down (a closed port): both live ones get the silence with the same matchers, the dead one
 * is named, and what no Alertmanager confirmed is never recorded.
 */
@DisplayName("Silences from the console: an HA pair of real Alertmanagers and one that is down")
class AlertSilenceConsoleTest {
  private static final String TOKEN = "console-silence-token-0123456789";
  private static final Duration WAIT = Duration.ofSeconds(25);

  @TempDir Path attachments;
  private final int botPort = RedisServer.freePort();
  private final int closedPort = RedisServer.freePort();
  private AlertmanagerServer first;
  private AlertmanagerServer second;
  private Wiring wiring;
  private ByteArrayOutputStream printed;
  private ConsoleChat chat;

  @AfterEach
  void stop() {
    if (wiring != null) {
      wiring.close();
    }
    if (first != null) {
      first.close();
    }
    if (second != null) {
      second.close();
    }
  }

  private void start(boolean withDown) throws Exception {
    first =
        AlertmanagerServer.builder()
            .webhook("bot", "http://127.0.0.1:" + botPort + "/alerts/alertmanager", TOKEN)
            .start();
    // its peer: the same alerts, its notifications go nowhere (this test reads the first's)
    second =
        AlertmanagerServer.builder()
            .webhook("bot", "http://127.0.0.1:" + closedPort + "/nowhere", TOKEN)
            .start();
    String yaml =
        "targets:\n  - name: cache\n    url: redis://127.0.0.1:"
            + closedPort
            + "\n    timeout: 300ms\n"
            + "store:\n  url: \"jdbc:h2:mem:silence-console-"
            + UUID.randomUUID()
            + ";DB_CLOSE_DELAY=-1\"\n"
            + "console:\n  users:\n"
            + "    - {name: alice, roles: [operator, commander]}\n"
            + "    - {name: bob, roles: [operator]}\n"
            + "    - {name: victor, roles: [viewer]}\n"
            + "alerts:\n  token: "
            + TOKEN
            + "\n  alertmanagers:\n"
            + "    - {name: am-a, url: \""
            + first.url()
            + "\"}\n"
            + "    - {name: am-b, url: \""
            + second.url()
            + "\", timeout: 2s}\n"
            + (withDown
                ? "    - {name: am-down, url: \"http://127.0.0.1:" + closedPort + "\"}\n"
                : "")
            + "http:\n  address: 127.0.0.1\n  port: "
            + botPort
            + "\n";
    BotConfig config = new ConfigLoader(name -> null).parse("console-silence.yml", yaml);
    wiring = new Wiring(config, Clock.systemUTC());
    printed = new ByteArrayOutputStream();
    chat =
        ConsoleChat.of(wiring, new PrintStream(printed, true, StandardCharsets.UTF_8), attachments);
    wiring.start(chat);
    wiring.startHttp(List.of()).orElseThrow();
  }

  private String console(String... lines) throws Exception {
    int from = printed.toString(StandardCharsets.UTF_8).length();
    chat.run(new BufferedReader(new StringReader(String.join("\n", lines))));
    return printed.toString(StandardCharsets.UTF_8).substring(from);
  }

  private void fireOnBoth(String service) {
    Map<String, String> labels =
        Map.of(
            "alertname",
            "RedisDown",
            "service",
            service,
            "severity",
            "critical",
            AlertmanagerServer.ROUTE_LABEL,
            "bot");
    first.fire(labels, Map.of());
    second.fire(labels, Map.of());
    awaitPrinted("[FIRING:1] RedisDown " + service, "[thread 'RedisDown " + service + "']");
  }

  @Test
  @DisplayName(
      "/alert silence group:<name>: both live Alertmanagers hold it with the shown matchers, the"
          + " dead one is named; /alert silences lists it; /alert unsilence expires it on both")
  void haPairWithOneDown() throws Exception {
    start(true);
    fireOnBoth("orders");
    assertThat(console("/incident declare title:orders cache down severity:P2 targets:cache"))
        .contains("INC-");

    String planned = console("/alert silence group:RedisDown orders for:2h comment:deploy fix");
    String matchers =
        "alertname=\"RedisDown\", notify=\"bot\", service=\"orders\", severity=\"critical\"";
    assertThat(planned)
        .contains("Confirm? /alert silence")
        .contains("create a silence on am-a, am-b, am-down for 2 h with matchers: " + matchers)
        .contains("1 alert now: RedisDown")
        .contains("low");
    String confirm = button(planned, "Confirm");
    String refused = console("@victor press " + confirm);
    assertThat(refused).contains("Only members with the operator role may confirm");

    String done = console("@bob press " + confirm);
    assertThat(done)
        .contains("Failed: silenced RedisDown orders until ")
        .contains(
            "on am-a, am-b only; not on am-down: connection refused at 127.0.0.1:" + closedPort);
    for (AlertmanagerServer am : List.of(first, second)) {
      var api = new AlertmanagerApi(am.url());
      assertThat(api.activeSilences())
          .singleElement()
          .satisfies(
              s ->
                  assertThat(s.matchers())
                      .containsExactlyInAnyOrder(
                          "alertname=RedisDown",
                          "notify=bot",
                          "service=orders",
                          "severity=critical"));
      assertThat(api.alerts())
          .singleElement()
          .satisfies(a -> assertThat(a.state()).isEqualTo("suppressed"));
    }
    String id = onlyBotSilence();
    assertThat(recordedIds(id)).contains("am-a").contains("am-b").doesNotContain("am-down");

    String others =
        new AlertmanagerApi(second.url())
            .silence(Map.of("service", "orders"), Duration.ofMinutes(30), "carol");
    String unrelated =
        new AlertmanagerApi(second.url())
            .silence(Map.of("service", "billing"), Duration.ofMinutes(30), "dave");
    String listed = console("/alert silences");
    assertThat(listed)
        .contains("2 active silences")
        .contains(others.substring(0, 8) + " · by carol · until ")
        .contains("groups: RedisDown orders")
        .doesNotContain(unrelated.substring(0, 8))
        .contains(id + " · by alice · until ")
        .contains("On am-a, am-b")
        .contains("Silences now: RedisDown")
        .contains("am-down: connection refused");

    String timeline = console("/incident timeline");
    var saved = java.util.regex.Pattern.compile("saved to (\\S+\\.md)").matcher(timeline);
    assertThat(saved.find()).as(timeline).isTrue();
    assertThat(java.nio.file.Files.readString(Path.of(saved.group(1))))
        .contains("confirmed /alert silence")
        .contains("silenced RedisDown orders until ");

    String resolved = console("/incident resolve summary:cache restarted");
    assertThat(resolved)
        .contains("1 silence is still active for INC-")
        .contains(id + " · by alice · until ");
    String unplanned = console("press " + button(resolved, "Expire it"));
    assertThat(unplanned).contains("Confirm? /alert unsilence");
    assertThat(console("press " + button(unplanned, "Confirm"))).contains("Done: expired " + id);
    assertThat(new AlertmanagerApi(first.url()).activeSilences()).isEmpty();
    assertThat(new AlertmanagerApi(second.url()).activeSilences())
        .as("the bot's silence is expired; carol's and dave's are theirs")
        .extracting(AlertmanagerApi.Silence::createdBy)
        .containsExactlyInAnyOrder("carol", "dave");
  }

  @Test
  @DisplayName(
      "every Alertmanager down at Confirm: a clear sentence, nothing silenced, nothing recorded;"
          + " down when planning: nothing planned")
  void alertmanagerDown() throws Exception {
    start(false);
    fireOnBoth("carts");
    String planned = console("/alert silence group:RedisDown carts for:1h");
    assertThat(planned).contains("Confirm? /alert silence");
    first.close();
    second.close();

    String failed = console("press " + button(planned, "Confirm"));
    assertThat(failed)
        .contains("No Alertmanager confirmed the silence (am-a: connection refused")
        .contains("am-b: connection refused")
        .contains("Nothing is silenced and nothing was recorded.");
    assertThat(countSilences()).isZero();

    String again = console("/alert silence group:RedisDown carts for:1h");
    assertThat(again)
        .contains("Could not ask Alertmanager which alerts this would silence")
        .contains("Nothing was planned")
        .doesNotContain("Confirm?");
  }

  @Test
  @DisplayName(
      "/alert unsilence of two silences others made on one Alertmanager expires both, and says"
          + " which")
  void othersSilencesOnOneAlertmanager() throws Exception {
    start(false);
    var api = new AlertmanagerApi(second.url());
    String carols = api.silence(Map.of("service", "orders"), Duration.ofMinutes(30), "carol");
    String daves = api.silence(Map.of("service", "billing"), Duration.ofMinutes(30), "dave");
    String kept = api.silence(Map.of("service", "search"), Duration.ofMinutes(30), "erin");

    String planned =
        console("/alert unsilence silence:" + carols.substring(0, 8) + "," + daves.substring(0, 8));
    assertThat(planned).contains("Confirm? /alert unsilence").contains("2 silences");
    String done = console("@bob press " + button(planned, "Confirm"));

    assertThat(done)
        .contains("Done: expired " + carols.substring(0, 8) + ", " + daves.substring(0, 8))
        .contains("expired on am-b");
    assertThat(api.activeSilences())
        .as("carol's and dave's are expired, erin's is not")
        .extracting(AlertmanagerApi.Silence::createdBy)
        .containsExactly("erin");
    assertThat(kept).isNotBlank();
  }

  /** The number the console gave the button labelled {@code label} in {@code output}. */
  private static String button(String output, String label) {
    var m = java.util.regex.Pattern.compile("\\[(\\d+)\\] " + label + "\\b").matcher(output);
    assertThat(m.find()).as("a button " + label + " in:\n" + output).isTrue();
    return m.group(1);
  }

  private String onlyBotSilence() throws Exception {
    try (var c = wiring.database().connection();
        var ps = c.prepareStatement("SELECT id FROM alert_silences");
        ResultSet rs = ps.executeQuery()) {
      assertThat(rs.next()).isTrue();
      String id = rs.getString(1);
      assertThat(rs.next()).isFalse();
      return id;
    }
  }

  private String recordedIds(String id) throws Exception {
    try (var c = wiring.database().connection();
        var ps = c.prepareStatement("SELECT am_ids FROM alert_silences WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private int countSilences() throws Exception {
    try (var c = wiring.database().connection();
        var ps = c.prepareStatement("SELECT COUNT(*) FROM alert_silences");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private void awaitPrinted(String... texts) {
    Printed.await(
        () -> printed.toString(StandardCharsets.UTF_8),
        out -> List.of(texts).stream().allMatch(out::contains),
        List.of(texts).toString(),
        WAIT,
        () -> "\n" + first.log());
  }
}
