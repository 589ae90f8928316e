package dev.incidentbot.recovery.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.recovery.Confirmation;
import dev.incidentbot.recovery.Outcome;
import dev.incidentbot.recovery.Plan;
import dev.incidentbot.recovery.PlanReplies;
import dev.incidentbot.redis.Target;
import dev.incidentbot.testing.RedisExtension;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

@DisplayName("Recovery texts: consequences first, readable units, what is valid, Will run")
class RecoveryTextsTest {
  @RegisterExtension static final RedisExtension redis = new RedisExtension();

  private Target target;
  private TargetConnector connector;

  @BeforeEach
  void setUp() {
    target = Target.standalone("cache", redis.server().url());
    connector = Actions.connector(target);
    try (Jedis j = redis.server().client()) {
      j.flushAll();
      j.slowlogReset();
      j.configSet("maxmemory", "0");
      j.configSet("maxmemory-policy", "noeviction");
    }
  }

  private static Confirmation pending(Plan plan) {
    Instant now = Instant.now();
    return new Confirmation(
        "c1",
        plan,
        "alice",
        "alice",
        Place.channel("ops"),
        now,
        now.plusSeconds(300),
        Confirmation.State.PENDING,
        null,
        null,
        null,
        null);
  }

  @Test
  @DisplayName("set-maxmemory 10mb below used memory: critical, OOM first, sizes readable")
  void maxmemoryBelowUsed() {
    try (Jedis j = redis.server().client();
        Pipeline p = j.pipelined()) {
      for (int i = 0; i < 20_000; i++) {
        p.set("big:" + i, "x".repeat(1000));
      }
    }
    var action = new SetMaxmemoryAction(connector);
    Plan plan = action.plan(Actions.request("redis set-maxmemory", "bytes", "10mb"));
    try {
      Outcome outcome = action.execute(plan, Progress.NONE);
      Reply shown = PlanReplies.outcome(pending(plan), "bob", outcome, "");

      assertThat(plan.summary())
          .isEqualTo("/redis set-maxmemory bytes:10mb rewrite:false on cache");
      assertThat(plan.willRun()).first().isEqualTo("CONFIG SET maxmemory 10485760");
      assertThat(outcome.harmful()).isTrue();
      assertThat(shown.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(shown.title())
          .startsWith("Done: writes now fail with OOM errors (policy noeviction), ")
          .endsWith(" in use: maxmemory is now 10.0 MiB on cache");
    } finally {
      try (Jedis j = redis.server().client()) {
        j.configSet("maxmemory", "0");
      }
    }
  }

  @Test
  @DisplayName("set-maxmemory above used memory: OK, readable size in the title")
  void maxmemoryAboveUsed() {
    var action = new SetMaxmemoryAction(connector);
    Plan plan = action.plan(Actions.request("redis set-maxmemory", "bytes", "512mb"));
    Outcome outcome = action.execute(plan, Progress.NONE);

    assertThat(PlanReplies.outcome(pending(plan), "bob", outcome, "").severity())
        .isEqualTo(Severity.OK);
    assertThat(outcome.headline()).isEqualTo("maxmemory is now 512 MiB on cache");
  }

  @Test
  @DisplayName("kill-clients name:legacy-*: says what a valid name is and what to do")
  void patternAsName() {
    assertThatThrownBy(
            () ->
                new KillClientsAction(connector)
                    .plan(
                        Actions.request(
                            "redis kill-clients", "idle-over", "1m", "name", "legacy-*")))
        .isInstanceOf(UserFacingException.class)
        .hasMessageStartingWith(
            "name:legacy-* cannot be used: give an exact client name as CLIENT LIST shows it")
        .hasMessageContaining("no patterns such as *")
        .hasMessageContaining("/redis clients shows the clients");
  }

  @Test
  @DisplayName("kill-clients plan: idle as /redis clients shows it, one bot connection spared")
  void killClientsUnits() {
    try (Jedis idle = redis.server().client()) {
      idle.clientSetname("reporting");
      Plan plan =
          new KillClientsAction(connector)
              .plan(Actions.request("redis kill-clients", "name", "reporting"));

      assertThat(plan.samples()).singleElement().asString().endsWith(" idle 0 ms");
      assertThat(plan.matches()).matches("1 of \\d+ clients matches; spared 1 bot connection");
      assertThat(plan.effect()).isEqualTo("closes 1 connection; its application must reconnect");
    }
    assertThat(
            ClientInfo.parseList("id=7 addr=10.0.0.7:5000 name=w user=default idle=311 flags=N")
                .get(0)
                .describe())
        .isEqualTo("id=7 10.0.0.7:5000 name=w user=default idle 5 min 11 s");
  }

  @Test
  @DisplayName("slowlog-reset plan: entries in ms as /redis slowlog shows them, singular")
  void slowlogUnits() {
    try (Jedis j = redis.server().client()) {
      j.sendCommand(() -> "DEBUG".getBytes(StandardCharsets.UTF_8), "SLEEP", "0.3");
    }
    Plan plan = new SlowlogResetAction(connector).plan(Actions.request("redis slowlog-reset"));

    assertThat(plan.matches()).isEqualTo("1 slow log entry will be discarded");
    assertThat(plan.samples()).singleElement().asString().matches("3\\d\\d ms: DEBUG SLEEP 0.3");
  }

  @Test
  @DisplayName("the plan's exact commands are under their own heading, Will run")
  void willRunHeading() {
    try (Jedis j = redis.server().client()) {
      j.set("cache:1", "v");
    }
    Plan plan =
        new PurgeKeysAction(connector).plan(Actions.request("redis purge", "pattern", "cache:*"));

    Reply reply = PlanReplies.confirmation(pending(plan), Clock.systemUTC());

    assertThat(reply.codeBlocks()).isEmpty();
    assertThat(reply.fields())
        .filteredOn(f -> f.name().equals("Will run"))
        .singleElement()
        .extracting(Field::value)
        .asString()
        .startsWith("SCAN <cursor> MATCH cache:* COUNT 500");
    assertThat(reply.fields().stream().map(Field::name))
        .containsSubsequence("Target", "Will run", "Matches (dry run)", "Risk", "Expires");
  }

  @Test
  @DisplayName(
      "kill-clients keeps idle-over: as people type it (10m, not 600s), and it parses back")
  void idleOverAsTyped() {
    for (String[] row :
        new String[][] {
          {"600s", "10m"}, {"10m", "10m"}, {"305s", "305s"}, {"7200s", "2h"}, {"1d", "1d"}
        }) {
      var params = KillClientsAction.Filter.from(java.util.Map.of("idle-over", row[0])).params();
      assertThat(params).containsEntry("idle-over", row[1]);
      assertThat(KillClientsAction.Filter.from(params).idleOver())
          .isEqualTo(
              KillClientsAction.Filter.from(java.util.Map.of("idle-over", row[0])).idleOver());
    }
  }
}
