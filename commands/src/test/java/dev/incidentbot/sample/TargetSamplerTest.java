package dev.incidentbot.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.redis.NodeCalls;
import dev.incidentbot.redis.NodeResolver;
import dev.incidentbot.redis.RedisNodes;
import dev.incidentbot.redis.Target;
import dev.incidentbot.testing.RedisServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("TargetSampler on real servers: a primary with a replica, the replica, a dead port")
class TargetSamplerTest {
  static RedisServer primary;
  static RedisServer replica;
  static final ExecutorService pool = Executors.newCachedThreadPool();
  static final NodeCalls calls = new NodeCalls(new RedisNodes(), new NodeResolver(pool), pool);

  @BeforeAll
  static void start() throws Exception {
    primary = RedisServer.start("--maxmemory", "32mb");
    replica = RedisServer.start("--replicaof", "127.0.0.1", String.valueOf(primary.port()));
    primary.awaitReplicaOnline();
  }

  @AfterAll
  static void stop() {
    replica.close();
    primary.close();
    pool.shutdownNow();
  }

  @Test
  @DisplayName(
      "the primary: memory of maxmemory, PINGs, clients, its replica's lag, configured queues;"
          + " rates from the previous sample")
  void primary() throws Exception {
    try (var j = primary.client()) {
      j.rpush("rq:queue:default", "a", "b");
      j.rpush("bull:emails:wait", "1");
      j.set("k", "v");
    }
    var settings =
        new SampleSettings(
            Duration.ofSeconds(15),
            Duration.ofMinutes(30),
            Duration.ofDays(1),
            Map.of("main", List.of("rq:default", "bull:emails", "bull:none")));
    var sampler = new TargetSampler(calls, settings, Clock.systemUTC());
    Target target = Target.standalone("main", primary.url());
    Sample first = sampler.sample(target, null);
    assertThat(first.answered()).isTrue();
    assertThat(first.memoryPercent()).isBetween(0.5, 50.0);
    assertThat(first.latencyP50Ms()).isPositive();
    assertThat(first.replicationLagSeconds()).isNotNull().isBetween(0.0, 2.0);
    assertThat(first.queueDepths())
        .isEqualTo(Map.of("rq:default", 2L, "bull:emails", 1L, "bull:none", 0L));
    assertThat(first.evictionsPerSec()).isNull();
    try (var j = primary.client()) {
      j.get("k");
      j.get("k");
      j.get("nope");
    }
    Thread.sleep(50); // a window for the rates between the two samples
    Sample second = sampler.sample(target, first);
    assertThat(second.evictionsPerSec()).isZero();
    assertThat(second.hitRatio()).isEqualTo(2.0 / 3);
  }

  @Test
  @DisplayName("the replica: no maxmemory, so no memory %; lag from its link to the primary")
  void replica() {
    var sampler = new TargetSampler(calls, SampleSettings.DEFAULTS, Clock.systemUTC());
    Sample s = sampler.sample(Target.standalone("copy", replica.url()), null);
    assertThat(s.answered()).isTrue();
    assertThat(s.memoryPercent()).isNull();
    assertThat(s.usedMemory()).isPositive();
    assertThat(s.replicationLagSeconds()).isNotNull().isBetween(0.0, 11.0);
    assertThat(s.queueDepths()).isEmpty();
  }

  @Test
  @DisplayName("a dead port: a sample that says why, quickly")
  void dead() {
    var sampler = new TargetSampler(calls, SampleSettings.DEFAULTS, Clock.systemUTC());
    long start = System.nanoTime();
    Sample s = sampler.sample(Target.standalone("gone", "redis://127.0.0.1:1"), null);
    assertThat(s.answered()).isFalse();
    assertThat(s.problem()).isEqualTo("connection refused");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }
}
