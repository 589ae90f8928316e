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

@DisplayName("Console: /followup schedule posts its check in the same conversation")
class ConsoleFollowUpTest {
  @RegisterExtension static final RedisExtension redis = new RedisExtension();

  @TempDir Path dir;

  @Test
  @DisplayName("schedule, list, and the check arrives a second later")
  void scheduledCheckArrives() throws Exception {
    var config =
        new BotConfig(
                "test",
                List.of(Target.standalone("main", redis.server().url())),
                List.of(new BotConfig.ConsoleUser("alice", List.copyOf(Roles.ALL))),
                new StoreConfig("jdbc:h2:file:" + dir.resolve("bot"), null, null))
            .withFollowUps(FollowUpSettings.DEFAULTS.withMinInterval(Duration.ofSeconds(1)));
    var bytes = new ByteArrayOutputStream();
    var out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (var wiring = new Wiring(config, Clock.systemUTC())) {
      var console = ConsoleChat.of(wiring, out, dir.resolve("attachments"));
      wiring.start(console);
      console.run(
          new BufferedReader(
              new StringReader("/followup schedule in:1s\n/followup every:1s\n/followup list\n")));

      Printed.awaitContains(
          () -> bytes.toString(StandardCharsets.UTF_8),
          Duration.ofSeconds(10),
          "Follow-up +1 s of main");
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .contains("Check of main scheduled", "In 1 s (", "1 scheduled", "check of main in 1 s");
    assertThat(text).contains("/followup needs a subcommand: /followup schedule");
    assertThat(text).contains("[#console]").contains("Follow-up +1 s of main: holding ✔");
  }
}
