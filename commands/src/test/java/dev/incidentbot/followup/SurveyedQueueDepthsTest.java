package dev.incidentbot.followup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.redis.NodeCalls;
import dev.incidentbot.redis.NodeResolver;
import dev.incidentbot.redis.RedisNodes;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.queues.QueueSurvey;
import dev.incidentbot.testing.RedisExtension;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

@DisplayName("Queue depths for follow-up comparisons, from the queue survey on a real Redis")
class SurveyedQueueDepthsTest {
  @RegisterExtension static final RedisExtension servers = new RedisExtension();

  private static final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterAll
  static void stop() {
    pool.shutdownNow();
  }

  private static SurveyedQueueDepths depths() {
    var nodes = new RedisNodes();
    return new SurveyedQueueDepths(
        new QueueSurvey(Clock.systemUTC()), new NodeCalls(nodes, new NodeResolver(pool), pool));
  }

  @Test
  @DisplayName("BullMQ waiting jobs and RQ queued jobs, by queue; a dead target has none")
  void depths_perQueue() {
    try (Jedis j = servers.server().client()) {
      j.hset("bull:emails:meta", "opts.maxLenEvents", "10000");
      j.rpush("bull:emails:wait", "1", "2", "3");
      j.sadd("rq:queues", "rq:queue:reports");
      j.rpush("rq:queue:reports", "a", "b");
    }

    var found = depths().of(Target.standalone("main", servers.server().url()));

    assertThat(found.waiting()).containsEntry("BullMQ emails", 3L).containsEntry("RQ reports", 2L);
    assertThat(found.incomplete()).isEmpty();

    var dead = servers.extra();
    dead.kill();
    var none =
        depths().of(Target.standalone("gone", dead.url()).withTimeout(Duration.ofMillis(300)));
    assertThat(none.waiting()).isEmpty();
    assertThat(none.incomplete()).contains("connection refused");
  }
}
