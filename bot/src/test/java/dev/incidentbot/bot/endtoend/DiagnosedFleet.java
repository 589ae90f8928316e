package dev.incidentbot.bot.endtoend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.incidentbot.testing.ClusterWithReplica;
import dev.incidentbot.testing.Producers;
import dev.incidentbot.testing.QueueProducers;
import dev.incidentbot.testing.RedisServer;
import dev.incidentbot.testing.SentinelGroup;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.commands.ProtocolCommand;

/**
 * The deployments the diagnostics tests look into, each in a known state: a standalone server
 * ({@code solo}), a master + replica + sentinel ({@code ha}), a cluster of three primaries and one
 * replica ({@code shard}), and a standalone server with {@link #BULK_KEYS} keys for a long big-keys
 * scan ({@code bulk}). On each data target: {@link #USER_KEYS} user keys and a 777-item list, a
 * maxmemory, a slow command in the slowlog and the latency monitor, a named idle client, a
 * registered worker, and real BullMQ (and, where RQ runs, RQ) queues.
 */
final class DiagnosedFleet implements AutoCloseable {
  /** User keys written per target: distinct numbers, so a mix-up of targets shows. */
  static final Map<String, Integer> USER_KEYS = Map.of("solo", 1200, "ha", 600, "shard", 900);

  /** maxmemory per target. */
  static final Map<String, String> MAXMEMORY =
      Map.of("solo", "314572800", "ha", "209715200", "shard", "104857600");

  static final String CLIENT_NAME = "billing-report";
  static final int FEED_ITEMS = 777;
  static final int BULK_KEYS = 300_000;

  /** The slowlog and latency-monitor threshold, and the slow command run over it. */
  static final int SLOW_MS = 50;

  static final String SLOW_COMMAND_SECONDS = "0.061";

  private static final ProtocolCommand DEBUG = () -> "DEBUG".getBytes(StandardCharsets.UTF_8);
  private static final ObjectMapper JSON = new ObjectMapper();

  final RedisServer solo = RedisServer.start();
  final SentinelGroup ha = SentinelGroup.start("orders");
  final ClusterWithReplica shard = ClusterWithReplica.start();
  final RedisServer bulk = RedisServer.start();
  private final List<Jedis> idleClients = new ArrayList<>();
  private final Map<String, JsonNode> bullmqCounts = new HashMap<>();
  private final Map<String, JsonNode> rqCounts = new HashMap<>();

  /** The {@code targets:} section naming all four. */
  String targetsYaml() {
    return "targets:\n"
        + "  - name: solo\n    url: "
        + solo.url()
        + "\n"
        + "  - name: ha\n    mode: sentinel\n    master: orders\n    nodes: [\""
        + ha.sentinelAddress()
        + "\"]\n"
        + "  - name: shard\n    mode: cluster\n    nodes: [\""
        + String.join("\", \"", shard.seedAddresses().subList(0, 2))
        + "\"]\n"
        + "  - name: bulk\n    url: "
        + bulk.url()
        + "\n";
  }

  /** The primaries of {@code target}: where node-level state is set. */
  List<RedisServer> primaries(String target) {
    return switch (target) {
      case "solo" -> List.of(solo);
      case "ha" -> List.of(ha.master());
      case "shard" ->
          shard.nodes().stream()
              .filter(
                  n -> {
                    try (Jedis j = n.client()) {
                      return "master".equals(j.role().get(0));
                    }
                  })
              .toList();
      default -> throw new IllegalArgumentException(target);
    };
  }

  /**
   * Puts every target in its known state. The queue producers run side by side; the slow command
   * comes last, with the slowlog and latency thresholds raised to {@link #SLOW_MS}, so it is the
   * newest entry and the producers' own slow moments stay out of the log.
   */
  void seed() {
    var bullmq = new LinkedHashMap<String, CompletableFuture<String>>();
    var rq = new LinkedHashMap<String, CompletableFuture<String>>();
    bullmq.put("solo", CompletableFuture.supplyAsync(() -> Producers.bullmq(solo.port())));
    rq.put("solo", CompletableFuture.supplyAsync(() -> Producers.rq(solo.port())));
    int haMaster = ha.master().port();
    bullmq.put("ha", CompletableFuture.supplyAsync(() -> Producers.bullmq(haMaster)));
    rq.put("ha", CompletableFuture.supplyAsync(() -> Producers.rq(haMaster)));
    int bullNode = nodeOwning("{bull}:emails:meta").port();
    bullmq.put(
        "shard", CompletableFuture.supplyAsync(() -> QueueProducers.bullmq(bullNode, "{bull}")));

    for (String target : List.of("solo", "ha", "shard")) {
      for (RedisServer node : primaries(target)) {
        Jedis idle = node.client();
        idle.clientSetname(CLIENT_NAME);
        idleClients.add(idle);
        try (Jedis j = node.client()) {
          j.configSet("maxmemory", MAXMEMORY.get(target));
        }
      }
    }
    for (String target : List.of("solo", "ha")) {
      try (Jedis j = primaries(target).get(0).client();
          Pipeline p = j.pipelined()) {
        for (int i = 0; i < USER_KEYS.get(target); i++) {
          p.set("user:" + i, "u" + i);
        }
        p.rpush("feed:big", items(FEED_ITEMS));
        p.hset("worker:mailer-1", Map.of("queue", "emails", "last_heartbeat", now()));
      }
    }
    try (JedisCluster c = shard.client()) {
      for (int i = 0; i < USER_KEYS.get("shard"); i++) {
        c.set("user:" + i, "u" + i);
      }
      c.rpush("feed:big", items(FEED_ITEMS));
      c.hset("worker:mailer-1", Map.of("queue", "emails", "last_heartbeat", now()));
    }
    try (Jedis j = new Jedis("127.0.0.1", bulk.port(), 60_000)) {
      j.sendCommand(DEBUG, "POPULATE", String.valueOf(BULK_KEYS), "bulk", "10");
    }
    bullmq.forEach((target, run) -> bullmqCounts.put(target, json(run.join())));
    rq.forEach((target, run) -> rqCounts.put(target, json(run.join())));
    for (String target : List.of("solo", "ha", "shard")) {
      for (RedisServer node : primaries(target)) {
        try (Jedis j = node.client()) {
          j.configSet("slowlog-log-slower-than", String.valueOf(SLOW_MS * 1000));
          j.configSet("latency-monitor-threshold", String.valueOf(SLOW_MS));
          j.sendCommand(DEBUG, "SLEEP", SLOW_COMMAND_SECONDS);
        }
      }
    }
  }

  /** BullMQ's own job counts per queue (getJobCounts), as its producer printed them. */
  JsonNode bullmqCounts(String target) {
    return bullmqCounts.get(target);
  }

  /** RQ's own counts per queue, as its producer printed them. */
  JsonNode rqCounts(String target) {
    return rqCounts.get(target);
  }

  private static JsonNode json(String line) {
    try {
      return JSON.readTree(line);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("a producer printed no JSON: " + line, e);
    }
  }

  /** The primary of the shard that serves {@code key}. */
  RedisServer nodeOwning(String key) {
    long slot;
    try (Jedis j = shard.nodes().get(0).client()) {
      slot = j.clusterKeySlot(key);
    }
    try (Jedis j = shard.nodes().get(0).client()) {
      for (Object range : j.clusterSlots()) {
        List<?> r = (List<?>) range;
        if ((Long) r.get(0) <= slot && slot <= (Long) r.get(1)) {
          int port = ((Long) ((List<?>) r.get(2)).get(1)).intValue();
          return shard.nodes().stream().filter(n -> n.port() == port).findFirst().orElseThrow();
        }
      }
    }
    throw new IllegalStateException("no node serves slot " + slot);
  }

  private static String now() {
    return String.valueOf(Instant.now().getEpochSecond());
  }

  private static String[] items(int n) {
    String[] out = new String[n];
    for (int i = 0; i < n; i++) {
      out[i] = "item" + i;
    }
    return out;
  }

  @Override
  public void close() {
    idleClients.forEach(Jedis::close);
    bulk.close();
    shard.close();
    ha.close();
    solo.close();
  }
}
