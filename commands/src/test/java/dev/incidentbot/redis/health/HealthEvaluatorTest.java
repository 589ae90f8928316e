package dev.incidentbot.redis.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.redis.InfoSnapshot;
import dev.incidentbot.redis.RedisProblem;
import dev.incidentbot.redis.Thresholds;
import dev.incidentbot.redis.health.Finding.Level;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Thresholds and the decision tree, from INFO text")
class HealthEvaluatorTest {
  private static final Thresholds T = Thresholds.DEFAULTS;

  private static InfoSnapshot info(String... lines) {
    return InfoSnapshot.parse("# Test\r\n" + String.join("\r\n", lines) + "\r\n");
  }

  @Test
  @DisplayName("memory: 69 % ok, 71 % warn, 86 % crit and scenario B")
  void memory() {
    assertThat(
            HealthEvaluator.memory(info("used_memory:69", "maxmemory:100"), T)
                .orElseThrow()
                .level())
        .isEqualTo(Level.OK);
    assertThat(
            HealthEvaluator.memory(info("used_memory:71", "maxmemory:100"), T)
                .orElseThrow()
                .level())
        .isEqualTo(Level.WARN);
    List<Finding> findings =
        HealthEvaluator.findings(info("used_memory:86", "maxmemory:100"), Duration.ofMillis(0), T);
    assertThat(HealthEvaluator.scenario(Optional.empty(), findings))
        .isEqualTo(Scenario.OUT_OF_MEMORY);
  }

  @Test
  @DisplayName("clients: over 80 % of maxclients is critical even below 500")
  void clients() {
    assertThat(
            HealthEvaluator.clients(info("connected_clients:150", "maxclients:10000"), T).level())
        .isEqualTo(Level.OK);
    assertThat(
            HealthEvaluator.clients(info("connected_clients:201", "maxclients:10000"), T).level())
        .isEqualTo(Level.WARN);
    assertThat(HealthEvaluator.clients(info("connected_clients:90", "maxclients:100"), T).level())
        .isEqualTo(Level.CRIT);
  }

  @Test
  @DisplayName("latency: 0.5 ms ok, 5 ms warn, 12 ms crit and scenario C")
  void latency() {
    assertThat(HealthEvaluator.latency(Duration.ofMillis(5), T).level()).isEqualTo(Level.WARN);
    List<Finding> findings =
        HealthEvaluator.findings(info("used_memory:1"), Duration.ofMillis(12), T);
    assertThat(HealthEvaluator.scenario(Optional.empty(), findings)).isEqualTo(Scenario.SLOW);
    assertThat(HealthEvaluator.latency(Duration.ofNanos(500_000), T).level()).isEqualTo(Level.OK);
  }

  @Test
  @DisplayName("evictions: 1 warn, 101 crit; failed save or AOF write: D")
  void evictionsAndPersistence() {
    assertThat(HealthEvaluator.evictions(info("evicted_keys:1"), T).level()).isEqualTo(Level.WARN);
    assertThat(HealthEvaluator.evictions(info("evicted_keys:101"), T).level())
        .isEqualTo(Level.CRIT);
    List<Finding> findings =
        HealthEvaluator.findings(
            info("aof_enabled:1", "aof_last_write_status:err"), Duration.ZERO, T);
    assertThat(HealthEvaluator.scenario(Optional.empty(), findings))
        .isEqualTo(Scenario.PERSISTENCE);
  }

  @Test
  @DisplayName("counts people read carry thousands separators: clients, evictions, changes")
  void countsAreGrouped() {
    assertThat(
            HealthEvaluator.clients(
                    info("connected_clients:1234", "maxclients:10000", "blocked_clients:1500"), T)
                .measured())
        .isEqualTo("1,234 connected (12 % of maxclients 10,000), 1,500 blocked");
    assertThat(HealthEvaluator.evictions(info("evicted_keys:23000"), T).measured())
        .isEqualTo("23,000 keys evicted since start");
    assertThat(
            HealthEvaluator.persistence(
                    info("aof_enabled:0", "rdb_changes_since_last_save:23000"), T)
                .get(0)
                .measured())
        .isEqualTo("AOF off, 23,000 changes since last save");
    assertThat(
            HealthEvaluator.persistence(info("aof_enabled:0", "rdb_changes_since_last_save:1"), T)
                .get(0)
                .measured())
        .isEqualTo("AOF off, 1 change since last save");
  }

  @Test
  @DisplayName(
      "fragmentation is judged by its ratio only with 32 MiB or more resident beyond the data")
  void fragmentation() {
    // a nearly empty server: ratio 9 from the process's own overhead, a few MiB
    assertThat(
            HealthEvaluator.fragmentation(
                    info(
                        "used_memory:900000",
                        "used_memory_rss:8100000",
                        "mem_fragmentation_ratio:9.0"),
                    T)
                .orElseThrow()
                .level())
        .isEqualTo(Level.OK);
    // 20 MiB of data in 80 MiB resident: 60 MiB lost to fragmentation
    Finding fragmented =
        HealthEvaluator.fragmentation(
                info(
                    "used_memory:20971520",
                    "used_memory_rss:83886080",
                    "mem_fragmentation_ratio:4.0"),
                T)
            .orElseThrow();
    assertThat(fragmented.level()).isEqualTo(Level.WARN);
    assertThat(fragmented.measured())
        .isEqualTo("ratio 4.00 (80.0 MiB resident for 20.0 MiB used, 60.0 MiB beyond the data)");
    // a big dataset under the ratio
    assertThat(
            HealthEvaluator.fragmentation(
                    info(
                        "used_memory:209715200",
                        "used_memory_rss:251658240",
                        "mem_fragmentation_ratio:1.2"),
                    T)
                .orElseThrow()
                .level())
        .isEqualTo(Level.OK);
  }

  @Test
  @DisplayName("a replica whose master link is down is critical")
  void replicaLinkDown() {
    Finding f =
        HealthEvaluator.replication(
                info(
                    "role:slave",
                    "master_host:10.0.0.1",
                    "master_port:6379",
                    "master_link_status:down"),
                T)
            .orElseThrow();
    assertThat(f.level()).isEqualTo(Level.CRIT);
    assertThat(f.measured()).contains("replica of 10.0.0.1:6379, link down");
  }

  @Test
  @DisplayName("failures map to scenarios: refused/auth A, OOM B, MISCONF/LOADING D, timeout C")
  void problems() {
    for (var kind : RedisProblem.Kind.values()) {
      Scenario s = HealthEvaluator.scenario(Optional.of(new RedisProblem(kind, "x")), List.of());
      switch (kind) {
        case REFUSED, DROPPED, CONNECT_TIMEOUT, UNKNOWN_HOST, AUTH, READONLY, OTHER ->
            assertThat(s).isEqualTo(Scenario.UNREACHABLE);
        case OOM -> assertThat(s).isEqualTo(Scenario.OUT_OF_MEMORY);
        case LOADING, MISCONF -> assertThat(s).isEqualTo(Scenario.PERSISTENCE);
        case TIMEOUT, BUSY -> assertThat(s).isEqualTo(Scenario.SLOW);
      }
    }
  }
}
