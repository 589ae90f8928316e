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
import dev.incidentbot.redis.Mode;
import dev.incidentbot.redis.NodeResolver;
import dev.incidentbot.redis.RedisEndpoint;
import dev.incidentbot.redis.RedisNodes;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.redis.Thresholds;
import dev.incidentbot.testing.BullWorker;
import dev.incidentbot.testing.Producers;
import dev.incidentbot.testing.RedisCluster;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

@DisplayName(
    "Queue actions on a real 3-primary cluster: BullMQ 5 under a {bull} hash-tagged prefix, on the"
        + " primary serving the queue's slot")
@TestMethodOrder(
    MethodOrderer.OrderAnnotation.class) // the worker of the last test drains the queue
class ClusterQueueActionsTest {
  private static final String PREFIX = "{bull}";

  private static RedisCluster cluster;
  private static ExecutorService pool;
  private static TargetConnector connector;
  private static JedisCluster client;

  @BeforeAll
  static void start() {
    cluster = RedisCluster.start(3);
    pool = Executors.newCachedThreadPool();
    Target target =
        new Target(
                "shard",
                Mode.CLUSTER,
                RedisEndpoint.parse("redis://" + cluster.addresses().get(0)),
                null,
                cluster.addresses(),
                List.of(),
                Duration.ofSeconds(2),
                Thresholds.DEFAULTS,
                Target.DEFAULT_PROTECTED,
                List.of())
            .withBullmqPrefixes(List.of(PREFIX));
    connector =
        new TargetConnector(new Targets(List.of(target)), new RedisNodes(), new NodeResolver(pool));
    var seeds = new HashSet<HostAndPort>();
    cluster.addresses().forEach(a -> seeds.add(HostAndPort.from(a)));
    client = new JedisCluster(seeds);
    Producers.bullmqOnCluster(cluster.nodes().get(1).port(), PREFIX);
  }

  @AfterAll
  static void stop() {
    client.close();
    cluster.close();
    pool.shutdownNow();
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

  /** The primary serving the {bull} hash tag's slot, as CLUSTER KEYSLOT and the slot map say. */
  private static String owner() {
    try (Jedis any = cluster.nodes().get(0).client()) {
      long slot = any.clusterKeySlot(PREFIX);
      for (String address : cluster.addresses()) {
        try (Jedis j = new Jedis(HostAndPort.from(address))) {
          if (j.clusterCountKeysInSlot((int) slot) > 0) {
            return address + ", the primary serving slot " + slot;
          }
        }
      }
    }
    throw new AssertionError("no primary holds the queue's keys");
  }

  @Test
  @Order(1)
  @DisplayName(
      "trim completed keep:1: the 2 oldest jobs and their keys go, on the primary serving the"
          + " queue's slot, and the plan and outcome name that node")
  void trim() {
    List<String> completed = client.zrange(PREFIX + ":emails:completed", 0, -1);
    assertThat(completed).hasSize(3);
    var trim = new TrimQueueAction(connector, Clock.systemUTC());

    Plan plan =
        trim.plan(request("redis trim", "queue", "emails", "state", "completed", "keep", "1"));
    Outcome outcome = trim.execute(plan, Progress.NONE);

    String where = owner();
    assertThat(plan.targetRole()).startsWith("cluster: " + where);
    assertThat(plan.willRun().get(0))
        .isEqualTo("on " + where + ", where every key of {bull}:emails: lives:");
    assertThat(plan.matches()).startsWith("2 of 3 completed jobs of BullMQ queue emails");
    assertThat(outcome.succeeded()).as(outcome.headline()).isTrue();
    assertThat(outcome.headline()).isEqualTo("removed 2 completed jobs of BullMQ queue emails");
    assertThat(outcome.evidence())
        .anySatisfy(
            f -> {
              assertThat(f.name()).isEqualTo("Node");
              assertThat(f.value()).startsWith(where);
            });
    assertThat(client.zrange(PREFIX + ":emails:completed", 0, -1))
        .containsExactly(completed.get(2));
    assertThat(client.exists(PREFIX + ":emails:" + completed.get(0))).isFalse();
    assertThat(client.exists(PREFIX + ":emails:" + completed.get(1))).isFalse();
    assertThat(client.exists(PREFIX + ":emails:" + completed.get(2))).isTrue();
  }

  @Test
  @Order(3)
  @DisplayName(
      "requeue failed: the jobs go back to wait with the marker, and a real BullMQ worker on the"
          + " cluster runs them at once")
  void requeueFailed() throws Exception {
    List<String> failed = client.zrange(PREFIX + ":emails:failed", 0, -1);
    assertThat(failed).hasSize(2);
    var requeue = new RequeueJobsAction(connector, Clock.systemUTC());
    Plan plan = requeue.plan(request("redis requeue", "queue", "emails", "state", "failed"));
    try (BullWorker worker =
        BullWorker.onCluster(cluster.nodes().get(2).port(), "emails", PREFIX)) {
      long before = System.currentTimeMillis();
      Outcome outcome = requeue.execute(plan, Progress.NONE);

      assertThat(outcome.succeeded()).as(outcome.headline()).isTrue();
      assertThat(outcome.headline()).isEqualTo("requeued 2 failed jobs of BullMQ queue emails");
      assertThat(outcome.evidence()).anySatisfy(f -> assertThat(f.name()).isEqualTo("Node"));
      for (String id : failed) {
        long pickedAt = worker.awaitJob(id, Duration.ofSeconds(15));
        assertThat(pickedAt).as("job %s ran again", id).isGreaterThanOrEqualTo(before);
      }
    }
  }

  @Test
  @Order(2)
  @DisplayName(
      "on a cluster: an unknown queue lists the queues on every primary; a prefix without a hash"
          + " tag and RQ queues are refused with the reason, nothing changed")
  void refusals() {
    var trim = new TrimQueueAction(connector, Clock.systemUTC());
    assertThatThrownBy(
            () ->
                trim.plan(
                    request("redis trim", "queue", "nope", "state", "completed", "keep", "1")))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("There is no queue named nope (BullMQ prefix {bull})")
        .hasMessageContaining("emails (BullMQ, on 127.0.0.1:");

    client.hset("bull:loose:meta", "opts.maxLenEvents", "10000");
    assertThatThrownBy(
            () ->
                trim.plan(
                    request(
                        "redis trim",
                        "queue",
                        "loose",
                        "prefix",
                        "bull",
                        "state",
                        "completed",
                        "keep",
                        "1")))
        .hasMessageContaining("BullMQ queue loose under prefix bull spreads its keys over many")
        .hasMessageContaining("hash-tagged prefix such as {bull}");

    client.sadd("rq:queues", "rq:queue:jobs");
    var requeue = new RequeueJobsAction(connector, Clock.systemUTC());
    assertThatThrownBy(
            () -> requeue.plan(request("redis requeue", "queue", "jobs", "state", "failed")))
        .hasMessageContaining("RQ queue jobs is on cluster shard")
        .hasMessageContaining("CROSSSLOT");
  }
}
