package dev.incidentbot.recovery;

import dev.incidentbot.format.Bytes;
import dev.incidentbot.format.Counts;
import dev.incidentbot.format.Durations;
import dev.incidentbot.redis.InfoSnapshot;
import dev.incidentbot.redis.health.HealthCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import redis.clients.jedis.Jedis;

/**
 * What every plan shows about its target before anyone confirms: role, replicas and their links,
 * persistence, memory. Read with one INFO call on the caller's connection (and its timeout).
 *
 * @param role "master" or "replica of host:port (link up)"
 * @param replicas "2 replicas: 10.0.0.6:6379 online lag 0 s, …" or "none"
 * @param persistence "RDB: last save ok, 3 min ago, 120 changes since · AOF: off"
 * @param usedMemory used_memory in bytes
 * @param maxmemory maxmemory in bytes, 0 for no limit
 * @param policy maxmemory_policy
 * @param info the whole INFO snapshot, for actions that need more
 */
public record TargetFacts(
    String role,
    String replicas,
    String persistence,
    long usedMemory,
    long maxmemory,
    String policy,
    InfoSnapshot info) {

  /** Reads the facts from the node {@code jedis} is connected to. */
  public static TargetFacts read(Jedis jedis) {
    InfoSnapshot info =
        HealthCheck.info(
            jedis, "server", "clients", "memory", "persistence", "stats", "replication");
    return new TargetFacts(
        role(info),
        replicas(info),
        persistence(info),
        info.number("used_memory", 0),
        info.number("maxmemory", 0),
        info.text("maxmemory_policy", "unknown"),
        info);
  }

  /** "1.2 GiB of 2.0 GiB (60 %)" or "1.2 GiB, no maxmemory". */
  public String memoryText() {
    if (maxmemory <= 0) {
      return Bytes.format(usedMemory) + " used, no maxmemory";
    }
    return Bytes.format(usedMemory)
        + " of "
        + Bytes.format(maxmemory)
        + " ("
        + Math.round(100.0 * usedMemory / maxmemory)
        + " %)";
  }

  private static String role(InfoSnapshot info) {
    String role = info.text("role", "unknown");
    if (!"slave".equals(role)) {
      return role;
    }
    return "replica of "
        + info.text("master_host", "?")
        + ":"
        + info.text("master_port", "?")
        + " (link "
        + info.text("master_link_status", "unknown")
        + ")";
  }

  private static String replicas(InfoSnapshot info) {
    long count = info.number("connected_slaves", 0);
    if (count == 0) {
      return "none";
    }
    var lines = new ArrayList<String>();
    for (Map.Entry<String, String> e : info.section("replication").entrySet()) {
      if (!e.getKey().matches("slave\\d+")) {
        continue;
      }
      var fields = new java.util.HashMap<String, String>();
      for (String part : e.getValue().split(",")) {
        int eq = part.indexOf('=');
        if (eq > 0) {
          fields.put(part.substring(0, eq), part.substring(eq + 1));
        }
      }
      lines.add(
          fields.getOrDefault("ip", "?")
              + ":"
              + fields.getOrDefault("port", "?")
              + " "
              + fields.getOrDefault("state", "?")
              + ", lag "
              + fields.getOrDefault("lag", "?")
              + " s");
    }
    return count + (count == 1 ? " replica: " : " replicas: ") + String.join("; ", lines);
  }

  private static String persistence(InfoSnapshot info) {
    var sb = new StringBuilder("RDB: last save ");
    sb.append(info.text("rdb_last_bgsave_status", "unknown"));
    long lastSave = info.number("rdb_last_save_time", 0);
    if (info.neverSaved()) {
      sb.append(", never saved since start");
    } else if (lastSave > 0) {
      Duration ago = Duration.between(Instant.ofEpochSecond(lastSave), Instant.now());
      sb.append(", ").append(Durations.format(ago.isNegative() ? Duration.ZERO : ago));
      sb.append(" ago");
    }
    sb.append(", ")
        .append(Counts.of(info.number("rdb_changes_since_last_save", 0), "change", "changes"));
    sb.append(" since");
    if (info.number("rdb_bgsave_in_progress", 0) == 1) {
      sb.append(", a save is running now");
    }
    sb.append(" · AOF: ");
    if (info.number("aof_enabled", 0) == 1) {
      sb.append("on, last write ").append(info.text("aof_last_write_status", "unknown"));
      if (info.number("aof_rewrite_in_progress", 0) == 1) {
        sb.append(", a rewrite is running now");
      }
    } else {
      sb.append("off");
    }
    return sb.toString();
  }
}
