package dev.incidentbot.bot.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.Wiring;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.StoreConfig;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.followup.FollowUpSettings;
import dev.incidentbot.redis.Target;
import dev.incidentbot.testing.Printed;
import dev.incidentbot.testing.RedisExtension;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

@DisplayName("Console: a confirmed purge is followed by its checks in the same conversation")
class PurgeFollowUpConsoleTest {
  @RegisterExtension static final RedisExtension redis = new RedisExtension();

  @TempDir Path dir;

  @Test
  @DisplayName("press 1 on a purge plan: the result, then Follow-up +1 s and +2 s from Quartz")
  void purgeThenItsChecks() throws Exception {
    try (Jedis j = redis.server().client()) {
      j.flushAll();
      for (int i = 0; i < 30; i++) {
        j.set("cache:" + i, "v");
      }
      for (int i = 0; i < 40; i++) {
        j.set("user:" + i, "kept"); // under half the keys match: medium risk, alice may confirm
      }
    }
    var config =
        new BotConfig(
                "test",
                List.of(Target.standalone("main", redis.server().url())),
                List.of(new BotConfig.ConsoleUser("alice", List.copyOf(Roles.ALL))),
                new StoreConfig("jdbc:h2:file:" + dir.resolve("bot"), null, null))
            .withFollowUps(
                FollowUpSettings.DEFAULTS.withAfterAction(
                    List.of(Duration.ofSeconds(1), Duration.ofSeconds(2))));
    var bytes = new ByteArrayOutputStream();
    var out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (var wiring = new Wiring(config, Clock.systemUTC())) {
      var console = ConsoleChat.of(wiring, out, dir.resolve("attachments"));
      wiring.start(console); // the real Quartz scheduler, on the bot's H2 database
      assertThat(wiring.scheduler().running()).isTrue();

      console.run(
          new BufferedReader(
              new StringReader("/redis purge pattern:cache:* target:main\npress 1\n")));

      Printed.awaitContains(() -> text(bytes), Duration.ofSeconds(15), "Follow-up +2 s of main");
    }
    String text = text(bytes);
    int result = text.indexOf("Done: removed 30 keys from main");
    int first = text.indexOf("Follow-up +1 s of main: holding ✔");
    int second = text.indexOf("Follow-up +2 s of main: holding ✔");
    assertThat(result).as(text).isNotNegative();
    assertThat(first).as("the +1 s check after the result:\n" + text).isGreaterThan(result);
    assertThat(second).as("the +2 s check after the +1 s one:\n" + text).isGreaterThan(first);
    String checks = text.substring(first);
    assertThat(checks)
        .contains("After /redis purge pattern:cache:* on main confirmed by alice.")
        .containsPattern("before\\s+\\+1 s\\s+\\+2 s")
        .containsPattern("scenario\\s+healthy\\s+healthy\\s+healthy");
    assertThat(text.substring(result, first))
        .contains("2 checks of main scheduled here, compared with its health before the action");
  }

  private static String text(ByteArrayOutputStream bytes) {
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
