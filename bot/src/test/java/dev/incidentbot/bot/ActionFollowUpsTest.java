package dev.incidentbot.bot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.chat.Actor;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.followup.FollowUpCheck;
import dev.incidentbot.followup.FollowUps;
import dev.incidentbot.redis.Target;
import dev.incidentbot.schedule.ScheduledJob;
import dev.incidentbot.testing.MutableClock;
import dev.incidentbot.testing.RedisExtension;
import dev.incidentbot.testing.RedisServer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

@DisplayName("Follow-ups after every action that changed something, finished cleanly or not")
class ActionFollowUpsTest {
  @RegisterExtension static final RedisExtension redis = new RedisExtension();

  private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T10:00:00Z"));
  private Wiring wiring;

  @AfterEach
  void stop() {
    if (wiring != null) {
      wiring.close();
    }
  }

  private Reply run(String who, String command, Map<String, String> options) {
    return wiring
        .router()
        .dispatch(
            new Request(
                command,
                options,
                Actor.person(who, who, Set.of("operator")),
                Place.channel("ops"),
                clock.instant()),
            Progress.NONE);
  }

  private String plan(String command, Map<String, String> options) {
    Reply plan = run("alice", command, options);
    assertThat(plan.title()).as(plan.text()).startsWith("Confirm?");
    return plan.buttons().get(0).action().options().get("id");
  }

  private List<ScheduledJob> checks(String planId) {
    return wiring.scheduler().pending(FollowUps.actionGroup(planId));
  }

  @Test
  @DisplayName(
      "CONFIG SET applied but CONFIG REWRITE failed: 4 checks, their subject says it did not finish"
          + " cleanly")
  void failedRewriteStillGetsChecks() {
    // redis-server started with arguments only: no config file, so CONFIG REWRITE fails
    RedisServer server = redis.extra();
    wiring = TestWiring.start(List.of(Target.standalone("main", server.url())), clock);
    String id =
        plan("redis set-maxmemory", Map.of("bytes", "512mb", "rewrite", "true", "target", "main"));

    Reply outcome = run("bob", "confirm", Map.of("id", id));

    assertThat(outcome.title())
        .startsWith("Failed: maxmemory is now 512 MiB, but CONFIG REWRITE failed");
    try (Jedis j = server.client()) {
      assertThat(j.configGet("maxmemory")).containsEntry("maxmemory", "536870912");
    }
    assertThat(outcome.fields())
        .anySatisfy(
            f -> {
              assertThat(f.name()).isEqualTo("Follow-up checks");
              assertThat(f.value())
                  .startsWith("4 checks of main scheduled here")
                  .endsWith("it did not finish cleanly, watch what it left");
            });
    assertThat(checks(id))
        .hasSize(4)
        .allSatisfy(
            job -> {
              assertThat(job.job().type()).isEqualTo(FollowUpCheck.TYPE);
              assertThat(job.job().params().get(FollowUpCheck.PARAM_SUBJECT))
                  .startsWith("/redis set-maxmemory")
                  .contains(
                      "confirmed by bob, which did not finish cleanly (maxmemory is now 512 MiB,"
                          + " but CONFIG REWRITE failed");
            });
  }

  @Test
  @DisplayName("Stop pressed part-way through a purge: what it removed gets its checks")
  void stoppedPurgeGetsChecks() {
    wiring = TestWiring.start(List.of(Target.standalone("main", redis.server().url())), clock);
    try (Jedis j = redis.server().client()) {
      j.flushAll();
      for (int i = 0; i < 5000; i++) {
        j.set("cache:" + i, "v");
      }
    }
    String id = plan("redis purge", Map.of("pattern", "cache:*", "target", "main"));
    var stopAfterTwoBatches =
        new Progress() {
          private int asked;

          @Override
          public boolean stopRequested() {
            return ++asked > 2;
          }
        };

    Reply outcome =
        wiring
            .router()
            .dispatch(
                new Request(
                    "confirm",
                    Map.of("id", id),
                    Actor.person("bob", "bob", Set.of("operator")),
                    Place.channel("ops"),
                    clock.instant()),
                stopAfterTwoBatches);

    assertThat(outcome.title()).startsWith("Stopped by someone after removing");
    try (Jedis j = redis.server().client()) {
      assertThat(j.dbSize()).isBetween(1L, 4999L);
    }
    assertThat(checks(id))
        .hasSize(4)
        .allSatisfy(
            job ->
                assertThat(job.job().params().get(FollowUpCheck.PARAM_SUBJECT))
                    .contains("which did not finish cleanly (stopped by someone after removing"));
  }

  @Test
  @DisplayName("the target went down between plan and confirm: nothing changed, nothing scheduled")
  void nothingChangedNothingScheduled() {
    RedisServer doomed = redis.extra();
    try (Jedis j = doomed.client()) {
      j.set("cache:x", "1");
    }
    wiring = TestWiring.start(List.of(Target.standalone("main", doomed.url())), clock);
    String id = plan("redis purge", Map.of("pattern", "cache:*", "target", "main"));
    doomed.kill();

    Reply outcome = run("bob", "confirm", Map.of("id", id));

    assertThat(outcome.title()).startsWith("Failed:").endsWith("Nothing was changed.");
    assertThat(outcome.fields()).noneSatisfy(f -> assertThat(f.name()).contains("Follow-up"));
    assertThat(checks(id)).isEmpty();
  }
}
