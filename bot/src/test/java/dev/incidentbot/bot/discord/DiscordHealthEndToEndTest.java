package dev.incidentbot.bot.discord;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.incidentbot.bot.discord.fake.FakeDiscordExtension;
import dev.incidentbot.bot.discord.fake.FakeInteraction;
import dev.incidentbot.bot.discord.fake.FakeMessage;
import dev.incidentbot.bot.discord.fake.FakeUser;
import dev.incidentbot.chat.Actor;
import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.testing.RedisServer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("/redis health in Discord: real JDA, fake Discord, real redis-server")
class DiscordHealthEndToEndTest {
  static final RedisServer healthy = RedisServer.start();
  static final RedisServer doomed = RedisServer.start();

  @RegisterExtension
  static final FakeDiscordExtension discord =
      FakeDiscordExtension.withTargets(
              () ->
                  "targets:\n"
                      + "  - name: main\n    url: "
                      + healthy.url()
                      + "\n    timeout: 500ms\n"
                      // a loaded CI machine can take over 1 ms to answer a PING; this test is
                      // about how a healthy report looks, not about the machine's latency
                      + "    thresholds: {latencyWarnMs: 50, latencyCritMs: 100}\n"
                      + "  - name: doomed\n    url: "
                      + doomed.url()
                      + "\n    timeout: 500ms\n")
          .build();

  @AfterAll
  static void stopRedis() {
    healthy.close();
    doomed.close();
  }

  @Test
  @DisplayName("the router's commands are registered as guild commands: /redis health, /help, …")
  void commandsRegistered() {
    List<JsonNode> commands = discord.fake().registeredCommands();

    var expected =
        discord.wiring().router().specs().stream().map(spec -> spec.group()).distinct().toList();
    assertThat(commands)
        .extracting(c -> c.path("name").asText())
        .containsExactlyElementsOf(expected);
    assertThat(expected).contains("help", "redis");
    JsonNode redis =
        commands.stream().filter(c -> c.path("name").asText().equals("redis")).findFirst().get();
    JsonNode health = null;
    for (JsonNode sub : redis.path("options")) {
      if (sub.path("name").asText().equals("health")) {
        health = sub;
      }
    }
    assertThat(health).isNotNull();
    assertThat(health.path("type").asInt()).as("subcommand").isEqualTo(1);
    JsonNode target = health.path("options").get(0);
    assertThat(target.path("name").asText()).isEqualTo("target");
    assertThat(target.path("required").asBoolean()).isFalse();
    assertThat(target.path("autocomplete").asBoolean()).isTrue();
  }

  @Test
  @DisplayName("a healthy server: a green embed with findings, acknowledged within 3 s")
  void healthyServer() {
    FakeUser alice = discord.user("alice", "Viewer");

    FakeInteraction run = discord.slash("redis health", Map.of("target", "main"), alice);
    FakeMessage answer = discord.fake().awaitAnswer(run);

    assertThat(answer.title()).isEqualTo("main: healthy");
    assertThat(answer.description())
        .as("the engine first, then the numbers")
        .containsPattern("^(Redis|Valkey) \\d+\\.\\d+\\.\\d+ · PING ")
        .containsPattern("\\d+ clients? · \\d+ keys?");
    assertThat(answer.fields()).containsKeys("Findings", "Server");
    assertThat(answer.color()).isEqualTo(ReplyLayout.OK_GREEN);
    assertThat(answer.ephemeral()).isFalse();
    assertThat(answer.allowedMentions().path("parse")).isEmpty();
    assertThat(discord.fake().interaction(run.id()).timeToAcknowledge())
        .isLessThan(java.time.Duration.ofSeconds(3));
  }

  @Test
  @DisplayName("a killed server: 'A: Redis unreachable', the same content the console shows")
  void killedServer() {
    doomed.kill();
    FakeUser bob = discord.user("bob", "Viewer");

    FakeInteraction run = discord.slash("redis health", Map.of("target", "doomed"), bob);
    FakeMessage answer = discord.fake().awaitAnswer(run);

    Reply expected =
        discord
            .wiring()
            .router()
            .dispatch(
                new Request(
                    "redis health",
                    Map.of("target", "doomed"),
                    Actor.person("console", "console", Set.of(Roles.VIEWER)),
                    Place.CONSOLE,
                    Instant.now()),
                Progress.NONE);
    assertThat(answer.title())
        .isEqualTo("doomed: A: Redis unreachable")
        .isEqualTo(expected.title());
    assertThat(answer.description()).isEqualTo(expected.text());
    var expectedFields = new LinkedHashMap<String, String>();
    for (Field f : expected.fields()) {
      expectedFields.put(f.name(), f.value());
    }
    assertThat(answer.fields()).containsExactlyEntriesOf(expectedFields);
    assertThat(answer.color()).isEqualTo(ReplyLayout.CRITICAL_RED);
    assertThat(discord.fake().interaction(run.id()).acknowledged()).isTrue();
  }

  @Test
  @DisplayName("an unknown target: a private error naming the known targets")
  void unknownTarget() {
    FakeUser carol = discord.user("carol", "Viewer");

    FakeMessage answer = discord.run("redis health", Map.of("target", "cache"), carol);

    assertThat(answer.ephemeral()).isTrue();
    assertThat(answer.description())
        .isEqualTo("target 'cache' is not configured; known: main, doomed.");
  }

  @Test
  @DisplayName("a member without a mapped role is refused, privately, told which role is needed")
  void refusedWithoutRole() {
    FakeUser mallory = discord.user("mallory");

    FakeMessage answer = discord.run("redis health", Map.of("target", "main"), mallory);

    assertThat(answer.ephemeral()).isTrue();
    assertThat(answer.description())
        .isEqualTo("/redis health needs the viewer role; you have none.");
  }

  @Test
  @DisplayName("target names are suggested as people type")
  void autocompletesTargets() {
    FakeUser dave = discord.user("dave", "Viewer");

    assertThat(discord.fake().autocomplete("redis health", "target", "", dave))
        .containsExactly("main", "doomed");
    assertThat(discord.fake().autocomplete("redis health", "target", "do", dave))
        .containsExactly("doomed");
  }

  @Test
  @DisplayName("/help lists the commands privately")
  void help() {
    FakeUser erin = discord.user("erin", "Operator");

    FakeMessage answer = discord.run("help", Map.of(), erin);

    assertThat(answer.ephemeral()).isTrue();
    assertThat(answer.description()).contains("/redis health [target:<target>]");
  }
}
