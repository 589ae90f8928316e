package dev.incidentbot.recovery.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.recovery.Outcome;
import dev.incidentbot.recovery.Plan;
import dev.incidentbot.recovery.Risk;
import dev.incidentbot.redis.RedisNodes;
import dev.incidentbot.redis.Target;
import dev.incidentbot.testing.RedisExtension;
import dev.incidentbot.testing.RedisServer;
import java.util.ArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

@DisplayName("Server actions against real redis-server processes, effect asserted in Redis")
class ServerActionsTest {
  @RegisterExtension static final RedisExtension redis = new RedisExtension();

  private Target target;
  private TargetConnector connector;

  @BeforeEach
  void setUp() {
    target = Target.standalone("main", redis.server().url());
    connector = Actions.connector(target);
    try (Jedis j = redis.server().client()) {
      j.flushAll();
      j.configSet("maxmemory", "0");
      j.configSet("maxmemory-policy", "noeviction");
    }
  }

  @Test
  @DisplayName(
      "kill-clients: idle clients named worker go; the bot, replication link and others stay")
  void killClients() throws Exception {
    RedisServer master = redis.extra("--repl-diskless-sync-delay", "0");
    RedisServer replica = redis.extra("--replicaof", "127.0.0.1", String.valueOf(master.port()));
    var workers = new ArrayList<Jedis>();
    try (Jedis other = master.client()) {
      other.clientSetname("web");
      for (int i = 0; i < 3; i++) {
        Jedis w = master.client();
        w.clientSetname("worker");
        workers.add(w);
      }
      master.awaitReplicaOnline();
      var action =
          new KillClientsAction(Actions.connector(Target.standalone("main", master.url())));

      Plan plan = action.plan(Actions.request("redis kill-clients", "name", "worker"));
      Outcome outcome = action.execute(plan, Progress.NONE);

      assertThat(plan.matches()).startsWith("3 of ").contains("1 replication link");
      assertThat(plan.samples()).hasSize(3).allMatch(s -> s.contains("name=worker"));
      assertThat(outcome.succeeded()).isTrue();
      assertThat(outcome.headline()).isEqualTo("killed 3 client connections on main");
      try (Jedis check = master.client()) {
        String list = check.clientList();
        assertThat(list).doesNotContain("name=worker");
        assertThat(list).contains("name=web");
        assertThat(check.info("replication")).contains("connected_slaves:1");
      }
      assertThat(other.ping()).isEqualTo("PONG");
    } finally {
      workers.forEach(Jedis::close);
      replica.kill();
      master.kill();
    }
  }

  @Test
  @DisplayName(
      "kill-clients: the server dies after 2 of 4 kills: a failed outcome that says 2 were killed")
  void killClientsLosesTheServerMidway() {
    RedisServer server = redis.extra();
    var workers = new ArrayList<Jedis>();
    try {
      for (int i = 0; i < 4; i++) {
        Jedis w = server.client();
        w.clientSetname("worker");
        workers.add(w);
      }
      var action =
          new KillClientsAction(Actions.connector(Target.standalone("main", server.url())));
      Plan plan = action.plan(Actions.request("redis kill-clients", "name", "worker"));
      var checks = new java.util.concurrent.atomic.AtomicInteger();
      Progress dyingAfterTwo =
          new Progress() {
            @Override
            public boolean stopRequested() {
              if (checks.incrementAndGet() == 3) {
                server.kill(); // crashes between the second and the third CLIENT KILL
              }
              return false;
            }
          };

      Outcome outcome = action.execute(plan, dyingAfterTwo);

      assertThat(outcome.succeeded()).isFalse();
      assertThat(outcome.changed()).isTrue();
      assertThat(outcome.headline()).startsWith("stopped after killing 2 of 4 clients: main (");
      assertThat(outcome.evidence())
          .anySatisfy(
              f -> {
                assertThat(f.name()).isEqualTo("Clients killed");
                assertThat(f.value()).isEqualTo("2 of 4");
              });
    } finally {
      workers.forEach(Jedis::close);
    }
  }

  @Test
  @DisplayName("kill-clients: the user filter matching everyone still spares bot and replicas")
  void killClientsSparesProtected() {
    var action = new KillClientsAction(connector);
    try (Jedis idle = redis.server().client()) {
      idle.ping();
      Plan plan = action.plan(Actions.request("redis kill-clients", "user", "default"));
      assertThat(plan.matches()).contains("1 bot connection");
      assertThat(plan.risk()).isEqualTo(Risk.HIGH);
      Outcome outcome = action.execute(plan, Progress.NONE);
      assertThat(outcome.succeeded()).isTrue();
    }
    assertThatThrownBy(
            () ->
                action.plan(Actions.request("redis kill-clients", "name", RedisNodes.CLIENT_NAME)))
        .hasMessageContaining("bot's own connections");
    assertThatThrownBy(() -> action.plan(Actions.request("redis kill-clients")))
        .hasMessageContaining("at least one of idle-over:");
    assertThatThrownBy(() -> action.plan(Actions.request("redis kill-clients", "idle-over", "0s")))
        .hasMessageContaining("out of range");
  }

  @Test
  @DisplayName("set-maxmemory 512mb: set in Redis; a failed CONFIG REWRITE is reported, not hidden")
  void setMaxmemory() {
    var action = new SetMaxmemoryAction(connector);
    Plan plan =
        action.plan(Actions.request("redis set-maxmemory", "bytes", "512mb", "rewrite", "true"));
    assertThat(plan.willRun())
        .as("the test server runs without a config file: the plan says the rewrite will fail")
        .containsExactly(
            "CONFIG SET maxmemory 536870912",
            "CONFIG REWRITE — will fail: Redis runs without a config file (INFO server config_file"
                + " is empty), so the change lasts until the next restart; set it where Redis is"
                + " started too");
    assertThat(plan.effect()).endsWith("until the next restart (no config file to write it to)");
    assertThat(plan.risk()).isEqualTo(Risk.MEDIUM);

    Outcome outcome = action.execute(plan, Progress.NONE);

    try (Jedis j = redis.server().client()) {
      assertThat(j.configGet("maxmemory")).containsEntry("maxmemory", "536870912");
    }
    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.headline())
        .startsWith("maxmemory is now 512 MiB, but CONFIG REWRITE failed")
        .contains("lost at restart");
  }

  @Test
  @DisplayName("set-maxmemory below used memory with noeviction: high risk, says OOM errors")
  void maxmemoryBelowUsed() {
    try (Jedis j = redis.server().client()) {
      String big = "x".repeat(100_000);
      for (int i = 0; i < 30; i++) {
        j.set("blob:" + i, big);
      }
    }
    var action = new SetMaxmemoryAction(connector);
    Plan plan = action.plan(Actions.request("redis set-maxmemory", "bytes", "1mb"));
    assertThat(plan.risk()).isEqualTo(Risk.HIGH);
    assertThat(plan.riskReason()).contains("noeviction").contains("fail with OOM errors");

    assertThatThrownBy(() -> action.plan(Actions.request("redis set-maxmemory", "bytes", "10kb")))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> action.plan(Actions.request("redis set-maxmemory", "bytes", "lots")))
        .hasMessageContaining("not a size");
  }

  @Test
  @DisplayName("set-policy allkeys-lru: set in Redis; with queue keys present it is high risk")
  void setPolicy() {
    var action = new SetPolicyAction(connector);
    Plan calm = action.plan(Actions.request("redis set-policy", "policy", "allkeys-lru"));
    assertThat(calm.risk()).isEqualTo(Risk.MEDIUM);
    Outcome outcome = action.execute(calm, Progress.NONE);
    assertThat(outcome.succeeded()).isTrue();
    try (Jedis j = redis.server().client()) {
      assertThat(j.configGet("maxmemory-policy")).containsEntry("maxmemory-policy", "allkeys-lru");
      j.set("bull:emails:1", "job");
    }
    Plan risky = action.plan(Actions.request("redis set-policy", "policy", "allkeys-lfu"));
    assertThat(risky.risk()).isEqualTo(Risk.HIGH);
    assertThat(risky.riskReason()).contains("bull:emails:1");
  }

  @Test
  @DisplayName("persist bgsave and bgrewriteaof: started, polled to the end, reported ok")
  void persist() {
    try (Jedis j = redis.server().client()) {
      j.set("k", "v");
    }
    var action = new PersistAction(connector);
    Outcome save =
        action.execute(
            action.plan(Actions.request("redis persist", "op", "bgsave")), Progress.NONE);
    assertThat(save.succeeded()).isTrue();
    assertThat(save.headline()).isEqualTo("BGSAVE finished successfully on main");
    assertThat(redis.server().dir().resolve("dump.rdb")).exists();

    Outcome aof =
        action.execute(
            action.plan(Actions.request("redis persist", "op", "bgrewriteaof")), Progress.NONE);
    assertThat(aof.succeeded()).isTrue();
    assertThat(aof.evidence()).anySatisfy(f -> assertThat(f.value()).isEqualTo("ok"));
  }

  @Test
  @DisplayName("memory-purge and slowlog-reset: run, with before → after evidence")
  void memoryPurgeAndSlowlog() {
    try (Jedis j = redis.server().client()) {
      j.configSet("slowlog-log-slower-than", "0");
      j.set("a", "1");
      j.get("a");
      j.configSet("slowlog-log-slower-than", "10000");
    }
    var slowlog = new SlowlogResetAction(connector);
    Plan plan = slowlog.plan(Actions.request("redis slowlog-reset"));
    assertThat(plan.samples()).isNotEmpty();
    Outcome reset = slowlog.execute(plan, Progress.NONE);
    assertThat(reset.succeeded()).isTrue();
    assertThat(reset.evidence().get(0).value()).endsWith("→ 0");
    try (Jedis j = redis.server().client()) {
      assertThat(j.slowlogLen()).isZero();
    }

    var purge = new MemoryPurgeAction(connector);
    Outcome purged =
        purge.execute(purge.plan(Actions.request("redis memory-purge")), Progress.NONE);
    assertThat(purged.succeeded()).isTrue();
    assertThat(purged.evidence()).extracting(f -> f.name()).contains("used_memory_rss");
  }
}
