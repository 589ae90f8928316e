package dev.incidentbot.recovery.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentbot.chat.Actor;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.recovery.Outcome;
import dev.incidentbot.recovery.Plan;
import dev.incidentbot.recovery.action.TargetConnector;
import dev.incidentbot.redis.NodeResolver;
import dev.incidentbot.redis.RedisNodes;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.testing.BullWorker;
import dev.incidentbot.testing.Producers;
import dev.incidentbot.testing.RedisServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

@DisplayName("Queue actions on queues filled by real BullMQ 5 and RQ producers and workers")
class QueueActionsTest {
  private RedisServer redis;
  private TargetConnector connector;
  private final List<Process> processes = new ArrayList<>();
  private final List<BullWorker> workers = new ArrayList<>();

  @BeforeEach
  void start() {
    redis = RedisServer.start();
    Target target = Target.standalone("main", redis.url());
    connector =
        new TargetConnector(
            new Targets(List.of(target)),
            new RedisNodes(),
            new NodeResolver(Executors.newCachedThreadPool()));
  }

  @AfterEach
  void stop() throws InterruptedException {
    for (BullWorker w : workers) {
      w.close();
    }
    for (Process p : processes) {
      p.destroy();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    redis.close();
  }

  private static Request request(String command, String... kv) {
    var options = new LinkedHashMap<String, String>();
    for (int i = 0; i < kv.length; i += 2) {
      options.put(kv[i], kv[i + 1]);
    }
    return new Request(
        command,
        options,
        Actor.person("alice", "alice", Set.of("operator")),
        Place.CONSOLE,
        Instant.now());
  }

  @Test
  @DisplayName("BullMQ trim completed keep:1: the 2 oldest jobs go with their hash and sub-keys")
  void bullTrim() {
    Producers.bullmq(redis.port());
    var trim = new TrimQueueAction(connector, Clock.systemUTC());
    List<String> completed;
    try (Jedis j = redis.client()) {
      completed = j.zrange("bull:emails:completed", 0, -1);
      j.rpush("bull:emails:" + completed.get(0) + ":logs", "a log line");
    }

    Plan plan =
        trim.plan(request("redis trim", "queue", "emails", "state", "completed", "keep", "1"));
    Outcome outcome = trim.execute(plan, Progress.NONE);

    assertThat(plan.matches()).startsWith("2 of 3 completed jobs of BullMQ queue emails");
    assertThat(outcome.succeeded()).isTrue();
    assertThat(outcome.headline()).isEqualTo("removed 2 completed jobs of BullMQ queue emails");
    try (Jedis j = redis.client()) {
      assertThat(j.zrange("bull:emails:completed", 0, -1)).containsExactly(completed.get(2));
      assertThat(j.exists("bull:emails:" + completed.get(0))).isFalse();
      assertThat(j.exists("bull:emails:" + completed.get(0) + ":logs")).isFalse();
      assertThat(j.exists("bull:emails:" + completed.get(1))).isFalse();
      assertThat(j.exists("bull:emails:" + completed.get(2))).isTrue();
      assertThat(j.zcard("bull:emails:failed")).isEqualTo(2);
    }
  }

  @Test
  @DisplayName(
      "BullMQ requeue: stalled job back to wait with the marker; failed jobs picked up by a real idle worker within 200 ms")
  void bullRequeue() throws Exception {
    Producers.bullmq(redis.port());
    var requeue = new RequeueJobsAction(connector, Clock.systemUTC());
    String stalledId;
    try (Jedis j = redis.client()) {
      stalledId = j.lrange("bull:emails:active", 0, -1).get(0);
    }

    Plan stalledPlan =
        requeue.plan(request("redis requeue", "queue", "emails", "state", "stalled"));
    Outcome stalled = requeue.execute(stalledPlan, Progress.NONE);

    assertThat(stalledPlan.matches()).startsWith("1 stalled job in BullMQ queue emails");
    assertThat(stalledPlan.samples())
        .as("when the stalled job started, as a time people read, not epoch milliseconds")
        .singleElement()
        .asString()
        .startsWith(stalledId + " ")
        .containsPattern(": started \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC$")
        .doesNotContainPattern("\\d{13}");
    assertThat(stalled.headline()).isEqualTo("requeued 1 stalled job of BullMQ queue emails");
    try (Jedis j = redis.client()) {
      assertThat(j.llen("bull:emails:active")).isZero();
      assertThat(j.lrange("bull:emails:wait", -1, -1)).containsExactly(stalledId);
      assertThat(j.sismember("bull:emails:stalled", stalledId)).isFalse();
      assertThat(j.zscore("bull:emails:marker", "0")).isNotNull();
    }

    BullWorker worker = startWorker("emails");
    worker.awaitJob(stalledId, Duration.ofSeconds(10));
    awaitIdle();

    Plan failedPlan = requeue.plan(request("redis requeue", "queue", "emails", "state", "failed"));
    List<String> failedIds;
    try (Jedis j = redis.client()) {
      failedIds = j.zrange("bull:emails:failed", 0, -1);
    }
    long before = System.currentTimeMillis();
    Outcome failed = requeue.execute(failedPlan, Progress.NONE);

    assertThat(failed.headline()).isEqualTo("requeued 2 failed jobs of BullMQ queue emails");
    for (String id : failedIds) {
      long pickedAt = worker.awaitJob(id, Duration.ofSeconds(10));
      assertThat(pickedAt - before).as("job %s picked up after requeue, ms", id).isLessThan(200);
    }
  }

  /**
   * Waits until the worker has drained everything it can take and the queue stays drained for 0.5
   * s: the worker's last job completes after it leaves the active list.
   */
  private void awaitIdle() {
    try (Jedis j = redis.client()) {
      Awaitility.await("the worker drained the queue")
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(15))
          .pollInterval(Duration.ofMillis(20))
          .until(
              () ->
                  j.llen("bull:emails:wait")
                          + j.zcard("bull:emails:prioritized")
                          + j.llen("bull:emails:active")
                      == 0);
    }
  }

  @Test
  @DisplayName(
      "RQ: abandoned started job failed then requeued; failed jobs requeued and run by a real RQ worker; finished trimmed")
  void rq() throws Exception {
    Producers.rq(redis.port());
    var requeue = new RequeueJobsAction(connector, Clock.systemUTC());
    String stuck;
    try (Jedis j = redis.client()) {
      stuck = j.zrange("rq:wip:slow", 0, -1).get(0);
    }

    Outcome abandoned =
        requeue.execute(
            requeue.plan(request("redis requeue", "queue", "slow", "state", "stalled")),
            Progress.NONE);

    assertThat(abandoned.headline()).isEqualTo("requeued 1 stalled job of RQ queue slow");
    assertThat(abandoned.evidence())
        .anySatisfy(f -> assertThat(f.value()).contains("1 abandoned started job"));
    assertThat(
            python(
                "from rq.job import Job; from rq import Queue; j = Job.fetch('"
                    + stuck
                    + "', connection=r);"
                    + " print(j.get_status(), '"
                    + stuck
                    + "' in Queue('slow', connection=r).job_ids)"))
        .isEqualTo("queued True");

    Outcome failed =
        requeue.execute(
            requeue.plan(request("redis requeue", "queue", "default", "state", "failed")),
            Progress.NONE);
    assertThat(failed.headline()).isEqualTo("requeued 2 failed jobs of RQ queue default");
    try (Jedis j = redis.client()) {
      assertThat(j.zcard("rq:failed:default")).isZero();
    }
    rqWorker("default");
    try (Jedis j = redis.client()) {
      assertThat(j.zcard("rq:failed:default")).as("sqrt of negatives fail again").isEqualTo(2);
      assertThat(j.zcard("rq:finished:default")).isGreaterThanOrEqualTo(6);
    }

    var trim = new TrimQueueAction(connector, Clock.systemUTC());
    List<String> finished;
    try (Jedis j = redis.client()) {
      finished = j.zrange("rq:finished:default", 0, -1);
    }
    Outcome trimmed =
        trim.execute(
            trim.plan(request("redis trim", "queue", "default", "state", "completed", "keep", "0")),
            Progress.NONE);
    assertThat(trimmed.headline())
        .isEqualTo("removed " + finished.size() + " completed jobs of RQ queue default");
    try (Jedis j = redis.client()) {
      assertThat(j.zcard("rq:finished:default")).isZero();
      assertThat(j.exists("rq:job:" + finished.get(0))).isFalse();
    }
  }

  @Test
  @DisplayName(
      "bad input: unknown queue (known ones listed), missing keep/older-than, out of range")
  void badInput() {
    Producers.bullmq(redis.port());
    var trim = new TrimQueueAction(connector, Clock.systemUTC());
    assertThatThrownBy(
            () ->
                trim.plan(
                    request("redis trim", "queue", "nope", "state", "completed", "keep", "1")))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("There is no queue named nope")
        .hasMessageContaining("emails (BullMQ)");
    assertThatThrownBy(
            () -> trim.plan(request("redis trim", "queue", "emails", "state", "completed")))
        .hasMessageContaining("keep:<newest N> or older-than:<age>");
    assertThatThrownBy(
            () ->
                trim.plan(
                    request("redis trim", "queue", "emails", "state", "failed", "keep", "-5")))
        .hasMessageContaining("out of range");
    assertThatThrownBy(
            () ->
                trim.plan(
                    request(
                        "redis trim", "queue", "emails", "state", "failed", "older-than", "5s")))
        .hasMessageContaining("out of range; use 1m to 365d");
    try (Jedis j = redis.client()) {
      assertThat(j.zcard("bull:emails:completed")).isEqualTo(3);
    }
  }

  private BullWorker startWorker(String queue) throws Exception {
    BullWorker worker = BullWorker.on(redis.port(), queue);
    workers.add(worker);
    return worker;
  }

  private void rqWorker(String queue) throws Exception {
    Process p =
        new ProcessBuilder(
                "/usr/bin/python3",
                "-m",
                "rq.cli",
                "worker",
                queue,
                "--burst",
                "--url",
                redis.url())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    processes.add(p);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
  }

  private String python(String code) throws Exception {
    Process p =
        new ProcessBuilder(
                "/usr/bin/python3",
                "-c",
                "from redis import Redis; r = Redis(host='127.0.0.1', port="
                    + redis.port()
                    + "); "
                    + code)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }
}
