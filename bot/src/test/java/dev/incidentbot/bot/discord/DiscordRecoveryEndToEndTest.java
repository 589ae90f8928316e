package dev.incidentbot.bot.discord;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.discord.fake.FakeDiscord;
import dev.incidentbot.bot.discord.fake.FakeDiscordExtension;
import dev.incidentbot.bot.discord.fake.FakeMessage;
import dev.incidentbot.bot.discord.fake.FakeUser;
import dev.incidentbot.testing.RedisServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

@DisplayName(
    "Recovery in Discord: the plan in the channel, Confirm pressed by the right people, once")
class DiscordRecoveryEndToEndTest {
  static final RedisServer redis = RedisServer.start();

  @RegisterExtension
  static final FakeDiscordExtension discord =
      FakeDiscordExtension.withTargets(
              () -> "targets:\n  - name: main\n    url: " + redis.url() + "\n")
          .build();

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @Test
  @DisplayName(
      "purge: a viewer's Confirm is refused, an operator's runs it, a second press is refused")
  void purgeWithButtons() {
    try (Jedis j = redis.client();
        Pipeline p = j.pipelined()) {
      for (int i = 0; i < 500; i++) {
        p.set("cache:" + i, "v");
        p.set("user:" + i, "kept");
      }
    }
    FakeDiscord fake = discord.fake();
    FakeUser alice = discord.user("alice", "Operator");
    FakeUser victor = discord.user("victor", "Viewer");
    FakeUser bob = discord.user("bob", "Operator");

    FakeMessage plan =
        discord.run("redis purge", Map.of("pattern", "cache:*", "target", "main"), alice);

    assertThat(plan.ephemeral()).as("posted for the channel to see").isFalse();
    assertThat(plan.title()).isEqualTo("Confirm? /redis purge pattern:cache:* on main");
    assertThat(plan.fields())
        .containsEntry("Matches (dry run)", "500 of 1,000 keys (full scan)")
        .containsEntry("Asked by", "alice")
        .containsKey("Expires");
    assertThat(plan.buttonLabels()).containsExactly("Confirm", "Cancel");

    FakeMessage refused = fake.awaitAnswer(discord.click(plan, "Confirm", victor));
    assertThat(refused.ephemeral()).isTrue();
    assertThat(refused.description()).startsWith("Only members with the operator role may confirm");
    try (Jedis j = redis.client()) {
      assertThat(j.dbSize()).isEqualTo(1000);
    }

    FakeMessage done =
        fake.awaitAnswer(discord.click(plan, "Confirm", bob), m -> m.title().startsWith("Done"));
    assertThat(done.title()).isEqualTo("Done: removed 500 keys from main");
    assertThat(done.fields()).containsEntry("Requested by · confirmed by", "alice · bob");

    FakeMessage again = fake.awaitAnswer(discord.click(plan, "Confirm", alice));
    assertThat(again.description()).contains("This plan already ran (confirmed by bob)");
    try (Jedis j = redis.client()) {
      assertThat(j.dbSize()).isEqualTo(500);
      assertThat(j.exists("cache:1")).isFalse();
    }
  }

  @Test
  @DisplayName(
      "high risk: the requester's own Confirm is refused; Cancel by another operator ends it")
  void highRiskNeedsSecondPerson() {
    FakeDiscord fake = discord.fake();
    FakeUser alice = discord.user("alice", "Operator");
    FakeUser bob = discord.user("bob", "Operator");

    FakeMessage plan =
        discord.run("redis set-maxmemory", Map.of("bytes", "0", "target", "main"), alice);
    assertThat(plan.buttonLabels()).containsExactly("Confirm (high risk)", "Cancel");

    FakeMessage self = fake.awaitAnswer(discord.click(plan, "Confirm (high risk)", alice));
    assertThat(self.description()).contains("someone other than the requester must confirm it");

    FakeMessage cancelled = fake.awaitAnswer(discord.click(plan, "Cancel", bob));
    assertThat(cancelled.title())
        .isEqualTo("Cancelled: /redis set-maxmemory bytes:0 rewrite:false on main");

    FakeMessage late = fake.awaitAnswer(discord.click(plan, "Confirm (high risk)", bob));
    assertThat(late.description()).contains("This plan was cancelled by bob");
  }
}
