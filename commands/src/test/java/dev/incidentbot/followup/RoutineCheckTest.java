package dev.incidentbot.followup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.redis.RedisNodes;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.redis.health.HealthCheck;
import dev.incidentbot.schedule.JobRun;
import dev.incidentbot.testing.RecordingOutbox;
import dev.incidentbot.testing.RedisExtension;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

@Tag("engines")
@DisplayName("Routine check: the prevention checklist against a real Redis")
class RoutineCheckTest {
  @RegisterExtension static final RedisExtension redis = new RedisExtension();

  private final Clock clock = Clock.systemUTC();

  private RoutineCheck check(
      Target target, RecordingOutbox outbox, MapJobState state, boolean allClear) {
    return new RoutineCheck(
        new Targets(List.of(target)),
        new HealthCheck(new RedisNodes(), Executors.newCachedThreadPool()),
        new RedisNodes(),
        state,
        outbox,
        FollowUpSettings.DEFAULTS.withAllClear(allClear),
        clock);
  }

  private static JobRun run(String target) {
    var job = RoutineSchedule.job(target, "0 0 8 * * ?");
    Instant now = Instant.now();
    return new JobRun(RoutineCheck.jobId(target), job, now, now);
  }

  @Test
  @DisplayName("quiet when all is well; a digest to the ops channel when the slowlog grows")
  void quietUntilSomethingIsOff() {
    var server = redis.extra("--slowlog-log-slower-than", "0", "--slowlog-max-len", "16");
    var target = Target.standalone("jobs", server.url());
    var outbox = new RecordingOutbox();
    var state = new MapJobState();
    var check = check(target, outbox, state, false);

    check.run(run("jobs"));
    assertThat(outbox.posts()).isEmpty();

    try (Jedis j = server.client()) {
      for (int i = 0; i < 150; i++) {
        j.set("k" + i, "v");
      }
    }
    check.run(run("jobs"));

    var post = outbox.posts().get(0);
    assertThat(post.place()).isEqualTo(Place.channel("ops"));
    assertThat(post.reply().title()).isEqualTo("Routine check of jobs: 1 of 6 need attention");
    assertThat(post.reply().severity()).isEqualTo(Severity.WARN);
    assertThat(post.reply().codeBlocks().get(0).content())
        // 150 SETs, plus the health check's own probes (24 to 48 PINGs, INFO, TIME…) and on Redis
        // 7.2+ and Valkey Jedis's CLIENT SETINFO: every command is logged at
        // slowlog-log-slower-than 0
        .containsPattern("▲ slowlog: \\+(1[5-9]\\d|2\\d\\d) since the previous check, 16 kept")
        .contains("✔ memory:")
        .contains("✔ persistence:")
        .contains("✔ last save:")
        .contains("✔ clients:");
  }

  @Test
  @DisplayName("an all-clear line only when configured, and an unreachable target is reported")
  void allClearAndUnreachable() {
    var outbox = new RecordingOutbox();
    check(Target.standalone("cache", redis.server().url()), outbox, new MapJobState(), true)
        .run(run("cache"));
    assertThat(outbox.posts()).hasSize(1);
    assertThat(outbox.posts().get(0).reply().title())
        .isEqualTo("Routine check of cache: all clear");

    var down = redis.extra();
    down.kill();
    check(Target.standalone("gone", down.url()), outbox, new MapJobState(), false).run(run("gone"));
    var post = outbox.posts().get(1);
    assertThat(post.reply().title()).isEqualTo("Routine check of gone: 1 of 1 need attention");
    assertThat(post.reply().severity()).isEqualTo(Severity.CRITICAL);
    assertThat(post.reply().text()).contains("refused the connection");
  }
}
