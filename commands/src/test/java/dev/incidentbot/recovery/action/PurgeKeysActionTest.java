package dev.incidentbot.recovery.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.recovery.Outcome;
import dev.incidentbot.recovery.Plan;
import dev.incidentbot.recovery.Risk;
import dev.incidentbot.redis.Mode;
import dev.incidentbot.redis.Target;
import dev.incidentbot.testing.RedisExtension;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

@DisplayName("Purge against a real redis-server: SCAN + UNLINK, protected patterns, writers")
class PurgeKeysActionTest {
  @RegisterExtension static final RedisExtension redis = new RedisExtension();

  private Target target;
  private PurgeKeysAction purge;

  @BeforeEach
  void setUp() {
    target = Target.standalone("main", redis.server().url());
    purge = new PurgeKeysAction(Actions.connector(target));
    try (Jedis j = redis.server().client()) {
      j.flushAll();
    }
  }

  private static void fill(Jedis j, String prefix, int n) {
    try (Pipeline p = j.pipelined()) {
      for (int i = 0; i < n; i++) {
        p.set(prefix + i, "v" + i);
      }
    }
  }

  @Test
  @DisplayName("only the matching keys go, while another client keeps writing other keys")
  void purgeWhileWriting() throws Exception {
    try (Jedis j = redis.server().client()) {
      fill(j, "cache:", 50_000);
      fill(j, "user:", 60_000);
    }
    var writing = new AtomicBoolean(true);
    var written = new AtomicLong();
    Thread writer =
        new Thread(
            () -> {
              try (Jedis w = redis.server().client()) {
                while (writing.get()) {
                  w.set("live:" + written.getAndIncrement(), "x");
                }
              }
            });
    writer.start();

    Plan plan = purge.plan(Actions.request("redis purge", "pattern", "cache:*"));
    Outcome outcome = purge.execute(plan, Progress.NONE);
    writing.set(false);
    writer.join();

    assertThat(plan.matches()).contains("50,000");
    assertThat(plan.risk()).isEqualTo(Risk.MEDIUM);
    assertThat(outcome.succeeded()).isTrue();
    assertThat(outcome.headline()).isEqualTo("removed 50,000 keys from main");
    try (Jedis j = redis.server().client()) {
      assertThat(
              j.scan(
                      "0",
                      new redis.clients.jedis.params.ScanParams().match("cache:*").count(100_000))
                  .getResult())
          .isEmpty();
      assertThat(j.dbSize()).isEqualTo(60_000 + written.get());
      assertThat(j.get("user:59999")).isEqualTo("v59999");
    }
    assertThat(written.get()).isPositive();
  }

  @Test
  @DisplayName(
      "counts in the plan and the outcome read like the rest: 23,000 keys, 23,000 changes since")
  void countsGrouped() {
    try (Jedis j = redis.server().client()) {
      j.configSet("save", "");
      fill(j, "cache:", 20_000);
      fill(j, "user:", 3_000);
    }
    Plan plan = purge.plan(Actions.request("redis purge", "pattern", "cache:*"));
    Outcome outcome = purge.execute(plan, Progress.NONE);

    assertThat(plan.riskReason()).isEqualTo("matches more than half of all 23,000 keys");
    assertThat(plan.persistence()).containsPattern("RDB: .*, 2\\d,\\d{3} changes since");
    assertThat(outcome.evidence())
        .extracting(f -> f.name() + ": " + f.value())
        .contains("Keys removed: 20,000", "Keys in database: 23,000 → 3,000");
  }

  @Test
  @DisplayName("Stop between batches: stops early and says how many were removed")
  void stop() {
    try (Jedis j = redis.server().client()) {
      fill(j, "cache:", 20_000);
    }
    Plan plan = purge.plan(Actions.request("redis purge", "pattern", "cache:*"));
    var calls = new AtomicLong();
    Progress stopAfterThree =
        new Progress() {
          @Override
          public boolean stopRequested() {
            return calls.incrementAndGet() > 3;
          }
        };

    Outcome outcome = purge.execute(plan, stopAfterThree);

    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.headline()).startsWith("stopped on request after removing");
    try (Jedis j = redis.server().client()) {
      assertThat(j.dbSize()).isBetween(1L, 19_999L);
    }
  }

  @Test
  @DisplayName("protected patterns are refused unless the target allows them; then high risk")
  void protectedPatterns() {
    assertThatThrownBy(() -> purge.plan(Actions.request("redis purge", "pattern", "bull:q:*")))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("protected pattern bull:*")
        .hasMessageContaining("allowPurge");
    assertThatThrownBy(() -> purge.plan(Actions.request("redis purge", "pattern", "sess*")))
        .hasMessageContaining("session:*");

    Target allowing =
        new Target(
            "main",
            Mode.STANDALONE,
            target.endpoint(),
            null,
            List.of(),
            List.of(),
            target.timeout(),
            target.thresholds(),
            target.protectedPatterns(),
            List.of("bull:*"));
    var permissive = new PurgeKeysAction(Actions.connector(allowing));
    try (Jedis j = redis.server().client()) {
      j.set("bull:q:completed:1", "job");
    }
    Plan plan = permissive.plan(Actions.request("redis purge", "pattern", "bull:q:completed*"));
    assertThat(plan.risk()).isEqualTo(Risk.HIGH);
    assertThat(plan.riskReason()).contains("bull:*");
  }

  @Test
  @DisplayName(
      "bu[\\]l]l:* and se[\\]s]sion:* reach bull:* and session:* keys: refused with a key both"
          + " match; with allowPurge, high risk")
  void escapedClassesReachProtectedKeys() {
    try (Jedis j = redis.server().client()) {
      j.set("bull:q:1", "job");
      j.set("session:abc", "s");
      j.set("bu]l:x", "other");
    }
    assertThatThrownBy(() -> purge.plan(Actions.request("redis purge", "pattern", "bu[\\]l]l:*")))
        .isInstanceOf(UserFacingException.class)
        .hasMessage(
            "pattern:bu[\\]l]l:* matches keys of protected pattern bull:* on main (queues,"
                + " sessions): both match the key \"bull:\", for example."
                + " Purging it needs allowPurge: [bull:*] in the target's config.");
    assertThatThrownBy(
            () -> purge.plan(Actions.request("redis purge", "pattern", "se[\\]s]sion:*")))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("protected pattern session:*")
        .hasMessageContaining("both match the key \"session:\"");
    try (Jedis j = redis.server().client()) {
      assertThat(j.exists("bull:q:1", "session:abc")).isEqualTo(2);
    }

    Target allowing =
        new Target(
            "main",
            Mode.STANDALONE,
            target.endpoint(),
            null,
            List.of(),
            List.of(),
            target.timeout(),
            target.thresholds(),
            target.protectedPatterns(),
            List.of("bull:*"));
    Plan plan =
        new PurgeKeysAction(Actions.connector(allowing))
            .plan(Actions.request("redis purge", "pattern", "bu[\\]l]l:*"));
    assertThat(plan.risk()).isEqualTo(Risk.HIGH);
    assertThat(plan.riskReason()).contains("bull:*");
    assertThat(plan.matches()).startsWith("2 of 3 keys");
  }

  @Test
  @DisplayName("bad input: * alone, unknown target; nothing is planned")
  void badInput() {
    assertThatThrownBy(() -> purge.plan(Actions.request("redis purge", "pattern", "*")))
        .hasMessageContaining("matches every key");
    assertThatThrownBy(
            () ->
                purge.plan(Actions.request("redis purge", "pattern", "cache:*", "target", "nope")))
        .hasMessage("target 'nope' is not configured; known: main.");
  }
}
