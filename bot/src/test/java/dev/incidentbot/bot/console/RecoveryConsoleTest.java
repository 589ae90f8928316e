package dev.incidentbot.bot.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.TestWiring;
import dev.incidentbot.bot.Wiring;
import dev.incidentbot.redis.Target;
import dev.incidentbot.testing.RedisExtension;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

@DisplayName("Recovery through the console: plan, press Confirm, run once, evidence, /audit")
class RecoveryConsoleTest {
  @RegisterExtension static final RedisExtension redis = new RedisExtension();

  @TempDir Path attachments;
  private Wiring wiring;

  @BeforeEach
  void start() {
    try (Jedis j = redis.server().client()) {
      j.flushAll();
      j.configSet("maxmemory", "0");
    }
    wiring =
        TestWiring.start(
            List.of(Target.standalone("main", redis.server().url())), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    wiring.close();
  }

  private String console(String... lines) throws Exception {
    var bytes = new ByteArrayOutputStream();
    var chat =
        new ConsoleChat(
            wiring.router(),
            wiring.components(),
            TestWiring.USERS,
            new PrintStream(bytes, true, StandardCharsets.UTF_8),
            wiring.clock(),
            wiring.workers(),
            attachments);
    chat.run(new BufferedReader(new StringReader(String.join("\n", lines))));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("purge: the plan shows the dry run, press 1 runs it, the second press is refused")
  void purgeThroughConsole() throws Exception {
    try (Jedis j = redis.server().client()) {
      for (int i = 0; i < 30; i++) {
        j.set("cache:" + i, "v");
      }
      for (int i = 0; i < 40; i++) {
        j.set("user:" + i, "kept");
      }
      j.set("bull:q:1", "job");
    }

    String out =
        console(
            "/redis purge pattern:cache:* target:main",
            "press 1",
            "@bob press 1",
            "/audit",
            "/audit count:99");

    assertThat(out)
        .contains("Confirm? /redis purge pattern:cache:* on main")
        .contains("30 of 71 keys (full scan)")
        .contains("Risk:\n  medium")
        .contains("Done: removed 30 keys from main")
        .contains("Keys in database:\n  71 → 41")
        .contains("This plan already ran (confirmed by alice)")
        .contains("4 checks of main scheduled here, compared with its health before the action");
    assertThat(out).containsOnlyOnce("Done: removed");
    assertThat(out).contains("count:99 is out of range; use 1 to 50.");
    assertThat(out).contains("asked by alice, confirmed by alice: done, removed 30 keys");
    try (Jedis j = redis.server().client()) {
      assertThat(j.keys("cache:*")).isEmpty();
      assertThat(j.get("bull:q:1")).isEqualTo("job");
      assertThat(j.keys("user:*")).hasSize(40);
    }
    String planId = wiring.confirmations().recent(1).get(0).id();
    assertThat(wiring.scheduler().pending("action:" + planId))
        .hasSize(4)
        .allSatisfy(job -> assertThat(job.job().type()).isEqualTo("followup-check"));
    assertThat(wiring.audit().recent(50))
        .anySatisfy(
            e -> {
              assertThat(e.command()).isEqualTo("redis purge");
              assertThat(e.detail()).contains("requested by alice, confirmed by alice");
            });
  }

  @Test
  @DisplayName("high risk: the requester and a viewer are refused, a second operator confirms")
  void highRiskNeedsSecondPerson() throws Exception {
    String out =
        console(
            "/redis set-maxmemory bytes:0 target:main",
            "press 1",
            "@victor press 1",
            "@bob press 1");

    assertThat(out)
        .contains("Risk:\n  high — without a limit")
        .contains("other than alice (high risk)")
        .contains("someone other than the requester must confirm it")
        .contains("Only members with the operator role may confirm")
        .contains("Done: maxmemory is now no limit on main");
    assertThat(wiring.audit().recent(50))
        .filteredOn(e -> e.command().equals("confirm"))
        .extracting(e -> e.outcome().name())
        .containsExactly("OK", "REFUSED", "REFUSED");
  }

  @Test
  @DisplayName("cancel: a cancelled plan cannot be confirmed afterwards, and nothing changes")
  void cancelled() throws Exception {
    try (Jedis j = redis.server().client()) {
      j.set("cache:1", "v");
    }
    String out = console("/redis purge pattern:cache:* target:main", "press 2", "press 1");

    assertThat(out)
        .contains("Cancelled: /redis purge")
        .contains("This plan was cancelled by alice");
    try (Jedis j = redis.server().client()) {
      assertThat(j.get("cache:1")).isEqualTo("v");
    }
  }
}
