package dev.incidentbot.bot.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.Wiring;
import dev.incidentbot.bot.config.ConfigLoader;
import dev.incidentbot.bot.discord.fake.FakeDiscord;
import dev.incidentbot.bot.discord.fake.FakeInteraction;
import dev.incidentbot.bot.discord.fake.FakeMessage;
import dev.incidentbot.bot.discord.fake.FakeUser;
import dev.incidentbot.testing.RedisServer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two bot instances on one database, both connected to the gateway (as when a leader that lost its
 * database has not closed its session yet): Discord sends every interaction to both sessions, and
 * the bot still answers each one once — one incident from one {@code /incident declare}, no 40060
 * "already acknowledged", one answer to a button.
 */
@DisplayName("Two gateway sessions of the bot: every interaction answered once")
class TwoGatewaySessionsTest {
  private static final RedisServer redis = RedisServer.start();
  private static FakeDiscord fake;
  private static final List<Wiring> wirings = new ArrayList<>();
  private static final List<DiscordBot> bots = new ArrayList<>();

  @BeforeAll
  static void twoInstances() throws Exception {
    fake = FakeDiscord.start();
    String yaml =
        "targets:\n  - name: main\n    url: "
            + redis.url()
            + "\nstore:\n  url: \"jdbc:h2:mem:two-sessions-"
            + UUID.randomUUID()
            + ";DB_CLOSE_DELAY=-1\"\n"
            + fake.configSection();
    var config = new ConfigLoader(name -> null).parse("two sessions test", yaml);
    for (int i = 0; i < 2; i++) {
      Wiring wiring = new Wiring(config, Clock.systemUTC());
      wirings.add(wiring);
      bots.add(DiscordBot.start(wiring, fake.token(), fake.connection()));
    }
  }

  @AfterAll
  static void stop() {
    bots.forEach(DiscordBot::close);
    wirings.forEach(Wiring::close);
    if (fake != null) {
      fake.close();
    }
    redis.close();
  }

  @Test
  @DisplayName("/incident declare and a press of its button, seen by both sessions, answered once")
  void answeredOnce() throws Exception {
    assertThat(fake.gatewaySessions()).isEqualTo(2);
    FakeUser carol = fake.user("carol", "Commander", "Operator", "Viewer");

    FakeInteraction declare =
        fake.slash(
            "incident declare",
            Map.of("title", "Checkout is down", "severity", "P1", "targets", "main"),
            carol);
    FakeMessage declared = fake.awaitAnswer(declare);
    assertThat(declared.title()).endsWith(" declared");

    FakeInteraction health = fake.slash("redis health", Map.of("target", "main"), carol);
    assertThat(fake.awaitAnswer(health).title()).startsWith("main");

    FakeInteraction press = fake.click(declared, "Post update", carol);
    fake.awaitModal(press);

    Thread.sleep(2000); // time for a second answer, were one coming
    assertThat(wirings.get(0).incidents().open()).hasSize(1);
    // in #ops: the incident's opening post and the two answers, each once
    List<String> titles = fake.messages("ops").stream().map(FakeMessage::title).toList();
    assertThat(titles).filteredOn(t -> t.startsWith("🚨 INC-")).hasSize(1);
    assertThat(titles).filteredOn(t -> t.endsWith(" declared")).hasSize(1);
    assertThat(titles).filteredOn(t -> t.startsWith("main")).hasSize(1);
    assertThat(fake.followUps(declare)).isEmpty();
    assertThat(fake.rejections()).isEmpty();
    assertThat(fake.violations()).isEmpty();
  }
}
