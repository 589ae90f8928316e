package dev.incidentbot.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

@Tag("engines")
@DisplayName("The fixtures start the engine -Dredis.engine names, with DEBUG and protected configs")
class EngineTest {

  @Test
  @DisplayName("the server, its redis-cli and its sentinel are the chosen engine's")
  void serverCliAndSentinelAreTheEngines() throws Exception {
    Engine engine = RedisServer.engine();
    try (RedisServer server = RedisServer.start();
        Jedis j = server.client()) {
      String info = j.info("server");
      assertThat(info).contains("redis_version:" + engine.reportedRedisVersionPrefix());
      if (engine.isValkey()) {
        assertThat(info).contains("server_name:valkey").contains("valkey_version:8.1.");
      } else {
        assertThat(info).doesNotContain("valkey");
      }
      // what the health and failure tests rely on: DEBUG from loopback, protected configs
      assertThat(j.sendCommand(() -> "DEBUG".getBytes(), "SLEEP", "0")).isNotNull();
      assertThat(j.configSet("dir", server.dir().toString())).isEqualTo("OK");

      String cli = run(RedisServer.binary("redis-cli"), "--version");
      assertThat(cli)
          .startsWith((engine.isValkey() ? "valkey-cli " : "redis-cli ") + engine.major() + ".");
      assertThat(
              run(
                  RedisServer.binary("redis-cli"),
                  "-h",
                  "127.0.0.1",
                  "-p",
                  String.valueOf(server.port()),
                  "PING"))
          .isEqualTo("PONG");

      try (RedisServer sentinel = RedisServer.sentinel("engine", server.port());
          Jedis s = sentinel.client()) {
        String sentinelInfo = s.info("server");
        assertThat(sentinelInfo)
            .contains("_mode:sentinel")
            .contains("redis_version:" + engine.reportedRedisVersionPrefix());
      }
    }
  }

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).trim();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
