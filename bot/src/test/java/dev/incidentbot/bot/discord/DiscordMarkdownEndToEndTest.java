package dev.incidentbot.bot.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.discord.fake.FakeDiscordExtension;
import dev.incidentbot.bot.discord.fake.FakeMessage;
import dev.incidentbot.testing.RedisExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

@DisplayName("Markdown in Discord: key names in a plan read as they are, not as formatting")
class DiscordMarkdownEndToEndTest {
  private static final List<String> KEYS =
      List.of(
          "md:[click](https://evil.example)", "md:**boom**", "md:# big", "md:> quote", "md:||a||");

  @RegisterExtension
  @Order(1)
  static final RedisExtension redis = new RedisExtension();

  @RegisterExtension
  @Order(2)
  static final FakeDiscordExtension discord =
      FakeDiscordExtension.withTargets(
              () -> "targets:\n  - name: main\n    url: " + redis.server().url() + "\n")
          .build();

  @Test
  @DisplayName(
      "a purge plan sends the sample keys escaped, and a Discord user reads them literally")
  void samplesEscaped() {
    try (Jedis j = redis.server().client()) {
      KEYS.forEach(k -> j.set(k, "v"));
    }

    FakeMessage plan =
        discord.run(
            "redis purge",
            Map.of("pattern", "md:*", "target", "main"),
            discord.user("alice", "Operator"));

    assertThat(plan.rawTitle())
        .as(plan.json().toString())
        .isEqualTo("Confirm? /redis purge pattern:md:\\* on main");
    assertThat(plan.title()).isEqualTo("Confirm? /redis purge pattern:md:* on main");
    assertThat(plan.rawFields().get("Samples").split("\n"))
        .containsExactlyInAnyOrder(
            "md:\\[click\\](https://evil.example)",
            "md:\\*\\*boom\\*\\*",
            "md:\\# big",
            "md:\\> quote",
            "md:\\|\\|a\\|\\|");
    assertThat(plan.fields().get("Samples").split("\n")).containsExactlyInAnyOrderElementsOf(KEYS);
    assertThat(plan.rawFields().get("Will run")).contains("MATCH md:\\*");
    assertThat(plan.fields().get("Will run")).contains("MATCH md:*");
    assertThat(plan.rawAllText()).doesNotContain("**boom**", "[click]");
  }
}
