package dev.incidentbot.recovery.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.chat.Field;
import dev.incidentbot.recovery.Interruption;
import dev.incidentbot.recovery.Plan;
import dev.incidentbot.recovery.RecoveryAction;
import dev.incidentbot.redis.Target;
import dev.incidentbot.testing.RedisExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * What each action measures on its target after the bot stopped while it ran: planned on a real
 * server, the target changed as a run cut short would leave it, then measured.
 */
@DisplayName("After an interruption, each action measures what its target shows now")
class InterruptionMeasureTest {
  @RegisterExtension static final RedisExtension redis = new RedisExtension();

  private TargetConnector connector;

  @BeforeEach
  void setUp() {
    connector = Actions.connector(Target.standalone("cache", redis.server().url()));
    try (Jedis j = redis.server().client()) {
      j.flushAll();
      j.configSet("maxmemory", "0");
      j.configSet("maxmemory-policy", "noeviction");
      try (Pipeline p = j.pipelined()) {
        for (int i = 0; i < 3000; i++) {
          p.set("cache:" + i, "v");
        }
        for (int i = 0; i < 3000; i++) {
          p.set("user:" + i, "v");
        }
      }
    }
  }

  @Test
  @DisplayName("purge: the keys still matching, from a full scan")
  void purge() {
    var purge = new PurgeKeysAction(connector);
    Plan plan = purge.plan(Actions.request("redis purge", "pattern", "cache:*"));
    try (Jedis j = redis.server().client()) {
      for (int i = 0; i < 1000; i++) {
        j.unlink("cache:" + i);
      }
    }

    Interruption now = purge.measureAfterInterruption(plan);

    assertThat(now.now()).isEqualTo("2,000 keys still match cache:*");
    assertThat(now.evidence())
        .containsExactly(new Field("Matching keys now", "2,000 of 5,000 keys (full scan)", false));
  }

  @Test
  @DisplayName("set-maxmemory: the limit in force against the planned one")
  void setMaxmemory() {
    var set = new SetMaxmemoryAction(connector);
    Plan plan = set.plan(Actions.request("redis set-maxmemory", "bytes", "2gb"));
    Interruption before = set.measureAfterInterruption(plan);
    try (Jedis j = redis.server().client()) {
      j.configSet("maxmemory", String.valueOf(2L << 30));
    }

    Interruption after = set.measureAfterInterruption(plan);

    assertThat(before.now()).isEqualTo("maxmemory is not 2.0 GiB: the change did not take effect");
    assertThat(after.now()).isEqualTo("maxmemory is 2.0 GiB as planned");
  }

  @Test
  @DisplayName("set-policy: the policy in force")
  void setPolicy() {
    var set = new SetPolicyAction(connector);
    Plan plan = set.plan(Actions.request("redis set-policy", "policy", "allkeys-lru"));

    assertThat(set.measureAfterInterruption(plan).now())
        .isEqualTo("maxmemory-policy is not allkeys-lru: the change did not take effect");
  }

  @Test
  @DisplayName("kill-clients: the clients still matching")
  void killClients() {
    var kill = new KillClientsAction(connector);
    try (Jedis one = redis.server().client();
        Jedis two = redis.server().client()) {
      one.clientSetname("reporting");
      two.clientSetname("reporting");
      Plan plan = kill.plan(Actions.request("redis kill-clients", "name", "reporting"));

      Interruption now = kill.measureAfterInterruption(plan);

      assertThat(now.now()).isEqualTo("2 client connections still match name:reporting");
    }
  }

  @Test
  @DisplayName("an action that cannot tell: the default says what is unknown")
  void unknownByDefault() {
    RecoveryAction slowlog = new SlowlogResetAction(connector);
    Plan plan = Plan.builder("redis slowlog-reset", "cache", null).willRun("SLOWLOG RESET").build();

    assertThat(slowlog.measureAfterInterruption(plan).now())
        .isEqualTo("what it changed is not known; check with /redis health target:cache");
  }
}
