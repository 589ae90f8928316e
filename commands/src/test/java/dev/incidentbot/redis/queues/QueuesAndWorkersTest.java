package dev.incidentbot.redis.queues;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.format.Counts;
import dev.incidentbot.redis.NodeCalls;
import dev.incidentbot.redis.NodeResolver;
import dev.incidentbot.redis.RedisNodes;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.redis.health.Finding;
import dev.incidentbot.redis.health.HealthCheck;
import dev.incidentbot.redis.health.HealthReport;
import dev.incidentbot.testing.Producers;
import dev.incidentbot.testing.RedisExtension;
import dev.incidentbot.testing.RedisServer;
import dev.incidentbot.testing.Requests;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

@DisplayName("Queues and workers populated by real BullMQ 5 and RQ producers and workers")
class QueuesAndWorkersTest {
  @RegisterExtension static final RedisExtension servers = new RedisExtension();

  private static final ExecutorService pool = Executors.newCachedThreadPool();
  private static final NodeCalls calls =
      new NodeCalls(new RedisNodes(), new NodeResolver(pool), pool);
  private static final QueueSurvey survey = new QueueSurvey(Clock.systemUTC());
  private static final WorkerRegistry workers = new WorkerRegistry(Clock.systemUTC());
  private static String bullmqCounts;
  private static String rqCounts;

  @BeforeAll
  static void populate() {
    int port = servers.server().port();
    bullmqCounts = Producers.bullmq(port);
    rqCounts = Producers.rq(port);
    try (Jedis j = servers.server().client()) {
      // a killed RQ worker's hash expires after its TTL (420 s by default) while rq:workers keeps
      // its name until RQ's own clean-up: expire it now, as if that time had passed
      j.del("rq:worker:killed-worker");
      j.setex(
          "worker:tts-worker-0",
          30,
          "{\"host\":\"tts-0\",\"last_heartbeat\":"
              + (System.currentTimeMillis() / 1000 - 3)
              + "}");
      j.set(
          "worker:tts-worker-1",
          "{\"host\":\"tts-1\",\"last_heartbeat\":\"2020-01-01T00:00:00Z\"}");
    }
  }

  @AfterAll
  static void stopPool() {
    pool.shutdownNow();
  }

  private static Target target() {
    return Target.standalone("jobs", servers.server().url());
  }

  private static QueueState queue(Reply reply, List<QueueState> all, String system, String name) {
    return all.stream()
        .filter(q -> q.system().equals(system) && q.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + system + " queue " + name + " in " + reply));
  }

  @Test
  @DisplayName(
      "BullMQ: every state counted by its real key type, equal to BullMQ's own getJobCounts")
  void bullmq() {
    List<QueueState> all;
    try (Jedis j = servers.server().client()) {
      all = survey.survey(j, target(), "bull").queues();
    }
    QueueState emails = queue(null, all, "BullMQ", "emails");
    assertThat(emails.counts())
        .containsEntry("wait", 4L)
        .containsEntry("paused", 0L)
        .containsEntry("active", 1L)
        .containsEntry("prioritized", 3L)
        .containsEntry("delayed", 2L)
        .containsEntry("waiting-children", 1L)
        .containsEntry("completed", 3L)
        .containsEntry("failed", 2L)
        .containsEntry("stalled", 1L);
    assertThat(emails.depth()).isEqualTo(7);
    assertThat(emails.notes())
        .anySatisfy(n -> assertThat(n).startsWith("1 active job has no lock"))
        .anySatisfy(n -> assertThat(n).startsWith("1 job in the stalled set"));
    QueueState reports = queue(null, all, "BullMQ", "reports");
    assertThat(reports.count("paused")).isEqualTo(1500);
    assertThat(reports.notes()).contains("depth 1,500 is over the threshold of 1,000");
    assertThat(queue(null, all, "BullMQ", "thumbnails").count("wait")).isEqualTo(2);
    assertThat(emails.stuck()).isEqualTo(1);
    // BullMQ's own accounting, printed by the producer script, agrees queue by queue, state by
    // state
    var own = new JSONObject(bullmqCounts);
    List<QueueState> bull = all.stream().filter(q -> q.system().equals("BullMQ")).toList();
    assertThat(bull).extracting(QueueState::name).containsExactlyInAnyOrderElementsOf(own.keySet());
    for (QueueState q : bull) {
      JSONObject counts = own.getJSONObject(q.name());
      assertThat(counts.keySet()).hasSize(8);
      for (String state : counts.keySet()) {
        assertThat(q.count(state)).as(q.name() + " " + state).isEqualTo(counts.getLong(state));
      }
    }
  }

  @Test
  @DisplayName("RQ: queued and every registry counted; the killed worker's job is abandoned")
  void rq() {
    List<QueueState> all;
    try (Jedis j = servers.server().client()) {
      all = survey.survey(j, target(), "bull").queues();
    }
    QueueState def = queue(null, all, "RQ", "default");
    assertThat(def.counts())
        .containsEntry("queued", 5L)
        .containsEntry("started", 0L)
        .containsEntry("failed", 2L)
        .containsEntry("finished", 1L)
        .containsEntry("deferred", 1L)
        .containsEntry("scheduled", 1L);
    QueueState slow = queue(null, all, "RQ", "slow");
    assertThat(slow.count("started")).isEqualTo(1);
    assertThat(slow.count("abandoned")).isEqualTo(1);
    assertThat(queue(null, all, "RQ", "bulk").depth()).isEqualTo(1200);
    assertThat(rqCounts)
        .contains(
            "\"default\": {\"queued\": 5, \"started\": 0, \"failed\": 2, \"finished\": 1,"
                + " \"deferred\": 1, \"scheduled\": 1}");
  }

  @Test
  @DisplayName("/redis queues: one table per system, deep queues flagged in the title")
  void queuesCommand() {
    Reply reply =
        new QueuesCommand(new Targets(List.of(target())), survey, calls)
            .handle(Requests.of("redis queues"), Progress.NONE);

    assertThat(reply.title()).isEqualTo("jobs: 6 queues, 2,714 jobs waiting, 2 over depth 1,000");
    assertThat(reply.severity()).isEqualTo(Severity.WARN);
    assertThat(reply.codeBlocks().get(0).content())
        .startsWith("BullMQ")
        .containsPattern("emails\\s+4\\s+0\\s+1\\s+3\\s+2\\s+1\\s+3\\s+2\\s+1");
    assertThat(reply.codeBlocks().get(1).content()).startsWith("RQ");
    assertThat(reply.fields()).extracting(Field::name).contains("▲ BullMQ reports", "▲ RQ bulk");
  }

  @Test
  @DisplayName(
      "/redis workers: worker:* keys with heartbeat age (stale one flagged) and the killed RQ worker")
  void workersCommand() {
    Reply reply =
        new WorkersCommand(new Targets(List.of(target())), workers, calls)
            .handle(Requests.of("redis workers"), Progress.NONE);

    assertThat(reply.title()).isEqualTo("jobs: 3 workers registered, 1 stale, 1 dead");
    assertThat(reply.severity()).isEqualTo(Severity.WARN);
    assertThat(reply.text())
        .containsPattern(
            "✔ \\[worker:\\*] worker:tts-worker-0 — heartbeat \\d+(\\.\\d)? s ago · string, expires in")
        .contains("▲ [worker:*] worker:tts-worker-1 — heartbeat")
        .contains(
            "✖ [RQ] killed-worker — dead · in rq:workers, but its hash rq:worker:killed-worker has"
                + " expired");
  }

  @Test
  @DisplayName(
      "a SIGKILLed RQ worker whose hash has not expired yet is dead in /redis workers, as its job"
          + " is abandoned in /redis queues")
  void killedRqWorkerBeforeItsHashExpires() {
    RedisServer server = servers.extra();
    Producers.rq(server.port());
    Target jobs = Target.standalone("jobs", server.url());
    try (Jedis j = server.client()) {
      assertThat(j.exists("rq:worker:killed-worker")).as("RQ keeps the hash ~90 s").isTrue();
    }

    Reply workersReply =
        new WorkersCommand(new Targets(List.of(jobs)), workers, calls)
            .handle(Requests.of("redis workers"), Progress.NONE);
    Reply queuesReply =
        new QueuesCommand(new Targets(List.of(jobs)), survey, calls)
            .handle(Requests.of("redis queues"), Progress.NONE);

    assertThat(queuesReply.fields().stream().map(f -> f.value()).toList())
        .anySatisfy(v -> assertThat(v).contains("abandoned"));
    assertThat(workersReply.text())
        .contains("✖ [RQ] killed-worker — dead · busy with job ")
        .contains("past its heartbeat deadline")
        .doesNotContain("✔ [RQ] killed-worker");
  }

  @Test
  @DisplayName(
      "/redis workers on a keyspace too large to scan within the time budget says the listing is"
          + " cut short, never 'no workers registered'")
  void workersCutShortByTheBudget() {
    RedisServer server = servers.extra();
    try (Jedis j = server.client()) {
      // a million keys: the worker:* SCAN needs far more than 50 ms
      j.sendCommand(
          () -> "DEBUG".getBytes(java.nio.charset.StandardCharsets.UTF_8),
          "POPULATE",
          "1000000",
          "cache");
    }
    Target big = Target.standalone("big", server.url()).withTimeout(Duration.ofMillis(100));

    Reply reply =
        new WorkersCommand(new Targets(List.of(big)), workers, calls)
            .handle(Requests.of("redis workers"), Progress.NONE);

    assertThat(reply.title())
        .isEqualTo("big: no workers found before the time budget")
        .doesNotContain("no workers registered");
    assertThat(reply.text())
        .contains("Not every worker key was read within 50 ms (half the target's timeout) on ")
        .contains("workers may be registered that are not listed");
    try (Jedis j = server.client()) {
      j.flushAll();
    }
  }

  @Test
  @DisplayName(
      "/redis workers: BullMQ workers as BullMQ's getWorkers counts them, its QueueEvents not")
  void bullmqWorkers() {
    RedisServer server = servers.extra();
    try (var listening = Producers.bullmqListeners(server.port(), "newsletters")) {
      assertThat(listening.bullmqSays()).isEqualTo("{\"workers\":2,\"queueEvents\":1}");
      try (Jedis j = server.client()) {
        assertThat(j.clientList()).contains("name=bull:bmV3c2xldHRlcnM=:qe ");
      }
      Reply reply =
          new WorkersCommand(
                  new Targets(List.of(Target.standalone("mail", server.url()))), workers, calls)
              .handle(Requests.of("redis workers"), Progress.NONE);

      assertThat(reply.title()).isEqualTo("mail: 2 workers registered");
      assertThat(reply.text().lines().toList())
          .satisfiesExactlyInAnyOrder(
              l -> assertThat(l).startsWith("✔ [BullMQ] queue newsletters @ 127.0.0.1:"),
              l -> assertThat(l).startsWith("✔ [BullMQ] queue newsletters, worker mailer-1 @ "));
    }
  }

  @Test
  @DisplayName(
      "every worker dead: the lock-less active job is a stuck job in health, under the target's"
          + " own BullMQ prefix")
  void deadWorkerUnderOwnPrefix() {
    RedisServer server = servers.extra();
    String own = Producers.bullmqDeadWorker(server.port(), "invoices", "jobs");
    assertThat(new JSONObject(own).getLong("active")).isEqualTo(1);
    try (Jedis j = server.client()) {
      assertThat(j.scard("jobs:invoices:stalled")).isZero();
    }
    var check =
        new HealthCheck(
            new RedisNodes(),
            pool,
            new NodeResolver(pool),
            List.of(new QueueHealth(survey, workers)));
    Target plain = Target.standalone("billing", server.url());
    Target prefixed = plain.withBullmqPrefixes(List.of("jobs"));

    HealthReport unseen = check.check(plain);
    HealthReport report = check.check(prefixed);

    assertThat(unseen.finding("queue depth")).isEmpty();
    assertThat(report.finding("queue depth").orElseThrow().measured())
        .isEqualTo("1 queue, 3 jobs waiting; deepest BullMQ jobs:invoices (3)");
    Finding stuck = report.finding("stuck jobs").orElseThrow();
    assertThat(stuck.level()).isEqualTo(Finding.Level.WARN);
    assertThat(stuck.measured()).startsWith("1 job stalled or abandoned, its worker died");
    assertThat(report.finding("workers").orElseThrow().measured())
        .isEqualTo("no workers registered while queues exist");
    Reply queues =
        new QueuesCommand(new Targets(List.of(prefixed)), survey, calls)
            .handle(Requests.of("redis queues"), Progress.NONE);
    assertThat(queues.codeBlocks().get(0).content()).startsWith("BullMQ jobs").contains("invoices");
    assertThat(queues.fields())
        .anySatisfy(
            f -> {
              assertThat(f.name()).isEqualTo("• BullMQ jobs:invoices");
              assertThat(f.value()).startsWith("1 active job has no lock");
            });
  }

  @Test
  @DisplayName(
      "5,000 queues and a 300 ms timeout: health keeps PING and INFO and says how many queues it"
          + " inspected")
  void manyQueuesWithinTheDeadline() {
    RedisServer server = servers.extra();
    try (Jedis j = server.client()) {
      var p = j.pipelined();
      for (int i = 0; i < 5000; i++) {
        p.hset("bull:q" + i + ":meta", "opts.maxLenEvents", "10000");
        p.rpush("bull:q" + i + ":wait", "1");
      }
      p.sync();
    }
    var check =
        new HealthCheck(
            new RedisNodes(),
            pool,
            new NodeResolver(pool),
            List.of(new QueueHealth(survey, workers)));
    Duration timeout = Duration.ofMillis(300);

    long start = System.nanoTime();
    HealthReport report = check.check(Target.standalone("many", server.url()).withTimeout(timeout));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isLessThan(timeout.plus(HealthCheck.GRACE).plusMillis(100));
    assertThat(report.problem()).isEmpty();
    assertThat(report.ping()).isPresent();
    assertThat(report.finding("memory")).isPresent();
    Finding queues = report.finding("queues").orElseThrow();
    assertThat(queues.level()).isEqualTo(Finding.Level.WARN);
    // discovery may stop early too on a busy machine: then the count found ends with +
    var counted =
        java.util.regex.Pattern.compile(
                "([\\d,]+) of ([\\d,]+)\\+? inspected before the deadline; .*")
            .matcher(queues.measured());
    assertThat(counted.matches()).as(queues.measured()).isTrue();
    int inspected = Integer.parseInt(counted.group(1).replace(",", ""));
    assertThat(inspected)
        .isPositive()
        .isLessThan(Integer.parseInt(counted.group(2).replace(",", "")));
    assertThat(report.finding("queue depth").orElseThrow().measured())
        .startsWith(
            Counts.of(inspected, "queue", "queues")
                + ", "
                + Counts.of(inspected, "job", "jobs")
                + " waiting");
  }

  @Test
  @DisplayName("no worker registered is a finding")
  void noWorkers() {
    var empty = Target.standalone("empty", servers.extra().url());
    Reply reply =
        new WorkersCommand(new Targets(List.of(empty)), workers, calls)
            .handle(Requests.of("redis workers"), Progress.NONE);

    assertThat(reply.title()).isEqualTo("empty: no workers registered");
    assertThat(reply.severity()).isEqualTo(Severity.WARN);
  }

  @Test
  @DisplayName("health gains queue-depth, stuck-job and worker findings")
  void health() {
    var check =
        new HealthCheck(
            new RedisNodes(),
            pool,
            new NodeResolver(pool),
            List.of(new QueueHealth(survey, workers)));
    HealthReport report = check.check(target());

    Finding depth = report.finding("queue depth").orElseThrow();
    assertThat(depth.level()).isEqualTo(Finding.Level.WARN);
    assertThat(depth.measured())
        .isEqualTo(
            "6 queues, 2,714 jobs waiting; deepest BullMQ reports (1,500); 2 over the threshold");
    assertThat(report.finding("stuck jobs").orElseThrow().measured())
        .startsWith("2 jobs stalled or abandoned, their workers died");
    Finding registered = report.finding("workers").orElseThrow();
    assertThat(registered.measured()).isEqualTo("3 registered, 1 stale, 1 dead");
    assertThat(registered.level()).isEqualTo(Finding.Level.WARN);
  }
}
