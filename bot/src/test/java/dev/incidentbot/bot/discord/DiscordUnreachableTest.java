package dev.incidentbot.bot.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.incidentbot.bot.Wiring;
import dev.incidentbot.bot.config.ConfigLoader;
import java.net.ServerSocket;
import java.time.Clock;
import net.dv8tion.jda.api.requests.RestConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Discord unreachable at start-up")
class DiscordUnreachableTest {
  @Test
  @DisplayName("one sentence naming the network failure, not a stack trace")
  void oneSentence() throws Exception {
    int closedPort;
    try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    String yaml =
        "targets:\n  - name: main\n    url: redis://127.0.0.1:1\n"
            + "store:\n  url: \"jdbc:h2:mem:unreachable;DB_CLOSE_DELAY=-1\"\n"
            + "discord:\n  guild: \"100000000000000001\"\n"
            + "  channels: { ops: \"100000000000000002\" }\n";
    var config = new ConfigLoader(name -> null).parse("unreachable test", yaml);
    try (var wiring = new Wiring(config, Clock.systemUTC())) {
      IllegalStateException e =
          catchThrowableOfType(
              IllegalStateException.class,
              () ->
                  DiscordBot.start(
                      wiring,
                      "x.y.z",
                      b ->
                          b.setRestConfig(
                              new RestConfig()
                                  .setBaseUrl("http://127.0.0.1:" + closedPort + "/api/v10/"))));

      // Main prints "discord: " + this message and exits 3
      assertThat(e.getMessage())
          .startsWith("cannot reach Discord (ConnectException: ")
          .contains("Connection refused")
          .contains("check the network")
          .doesNotContain("\n");
    }
  }
}
