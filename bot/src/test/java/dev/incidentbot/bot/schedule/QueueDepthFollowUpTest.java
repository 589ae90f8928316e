package dev.incidentbot.bot.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.TestWiring;
import dev.incidentbot.bot.Wiring;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.StoreConfig;
import dev.incidentbot.chat.Actor;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.followup.FollowUpSettings;
import dev.incidentbot.redis.Target;
import dev.incidentbot.testing.Producers;
import dev.incidentbot.testing.RecordingOutbox;
import dev.incidentbot.testing.RedisExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName(
    "Follow-ups in the wired bot compare real RQ queue depths with the pre-action baseline")
class QueueDepthFollowUpTest {
  @RegisterExtension static final RedisExtension redis = new RedisExtension();

  private static final Place THREAD = Place.channel("ops").inThread("queue-incident");

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
                THREAD,
                java.time.Instant.now()),
            Progress.NONE);
  }

  @Test
  @DisplayName(
      "requeue of RQ's failed jobs: baseline 5 queued, +1 s 7 after the requeue, +3 s 10 after a"
          + " producer enqueued 3 more")
  void queueDepthsInTheComparison() throws Exception {
    Producers.rq(redis.server().port()); // default: 5 queued, 2 failed; bulk: 1,200 queued
    var settings =
        FollowUpSettings.DEFAULTS.withAfterAction(
            List.of(Duration.ofSeconds(1), Duration.ofSeconds(3)));
    var store =
        new StoreConfig(
            "jdbc:h2:mem:queues-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null);
    var config =
        new BotConfig(
                "test",
                List.of(Target.standalone("main", redis.server().url())),
                TestWiring.USERS,
                store)
            .withFollowUps(settings);
    wiring = new Wiring(config, Clock.systemUTC());
    var outbox = new RecordingOutbox();
    wiring.start(outbox);

    Reply plan =
        run(
            "alice",
            "redis requeue",
            Map.of("queue", "default", "state", "failed", "target", "main"));
    assertThat(plan.title()).as(plan.text()).startsWith("Confirm?");
    String id = plan.buttons().get(0).action().options().get("id");
    Reply done = run("bob", "confirm", Map.of("id", id));
    assertThat(done.title()).isEqualTo("Done: requeued 2 failed jobs of RQ queue default");

    var first = outbox.await(1, Duration.ofSeconds(15)).get(0);
    enqueue(redis.server().port(), 3); // a real producer, between the two checks
    var second = outbox.await(2, Duration.ofSeconds(15)).get(1);

    assertThat(first.place()).isEqualTo(THREAD);
    assertThat(first.reply().title()).startsWith("Follow-up +1 s of main");
    String firstTable = first.reply().codeBlocks().get(0).content();
    assertThat(row(firstTable, "queue RQ default")).matches("queue RQ default\\s+5\\s+7");
    assertThat(row(firstTable, "queue RQ bulk")).matches("queue RQ bulk\\s+1,200 ▲\\s+1,200 ▲");

    assertThat(second.place()).isEqualTo(THREAD);
    assertThat(second.reply().title()).startsWith("Follow-up +3 s of main");
    String secondTable = second.reply().codeBlocks().get(0).content();
    assertThat(secondTable.lines().findFirst().orElseThrow())
        .matches("\\s+before\\s+\\+1 s\\s+\\+3 s");
    assertThat(row(secondTable, "queue RQ default")).matches("queue RQ default\\s+5\\s+7\\s+10");
  }

  private static String row(String table, String name) {
    return table
        .lines()
        .filter(l -> l.startsWith(name + " "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row '" + name + "' in\n" + table));
  }

  /** Enqueues {@code n} jobs on RQ's queue "default" with RQ itself (Debian's python3-rq). */
  private static void enqueue(int port, int n) throws Exception {
    Process p =
        new ProcessBuilder(
                "/usr/bin/python3",
                "-c",
                "from redis import Redis; from rq import Queue;"
                    + " q = Queue('default', connection=Redis(port="
                    + port
                    + "));"
                    + " [q.enqueue('math.sqrt', i) for i in range("
                    + n
                    + ")]")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }
}
