package dev.incidentbot.redis.health;

import java.util.List;

/**
 * The runbooks' decision tree: which failure scenario a target is in (A–D from the runbooks, E for
 * replication), with the runbook's generic next steps. What a report says first comes from its
 * {@link Cause}, whose steps follow the cause; these are the fallback for a scenario without one.
 */
public enum Scenario {
  HEALTHY(
      "healthy", List.of("Nothing to do. Run /redis health again if users still report problems.")),
  UNREACHABLE(
      "A: Redis unreachable",
      List.of(
          "Check the Redis process or container (systemctl status redis, docker compose ps redis)"
              + " and its log: \"Ready to accept connections\", \"Address already in use\","
              + " \"Out of memory\", \"Bad file format reading the append only file\".",
          "If the log says \"Bad file format reading the append only file\", the AOF is"
              + " corrupted: copy it aside, run redis-check-aof on it (redis-check-aof --fix"
              + " <file> cuts the damaged tail; on Redis 7 the file is the .incr.aof named in"
              + " appendonlydir/*.manifest), then start Redis again; if it cannot be repaired,"
              + " start from the RDB or the last backup.",
          "Check the target's URL, port and password against the server's config.",
          "Restart Redis (a configured runbook script), or fail over to a replica with"
              + " /redis failover when it runs under Sentinel or Cluster.",
          "Once it answers, restart dependent services so they reconnect, then /redis health.")),
  OUT_OF_MEMORY(
      "B: out of memory",
      List.of(
          "Find what grew: /redis memory and /redis bigkeys.",
          "Clear non-critical caches: /redis purge pattern:cache:* (also rl:*, cb:*).",
          "Trim old jobs: /redis trim queue:<name> state:completed.",
          "Raise maxmemory or set an eviction policy: /redis set-maxmemory, /redis set-policy.")),
  SLOW(
      "C: slow or timing out",
      List.of(
          "Find slow commands: /redis slowlog and /redis latency.",
          "Look for blocked or piled-up clients: /redis clients; kill idle ones with"
              + " /redis kill-clients.",
          "If fragmentation is above 1.5, /redis memory-purge, or restart in a maintenance window.")),
  PERSISTENCE(
      "D: persistence or data problem",
      List.of(
          "Read the persistence status above and the Redis log: a failed save is usually a full"
              + " disk or a data directory Redis cannot write.",
          "After fixing the disk, /redis persist op:bgsave and check that writes work again.",
          "A corrupted AOF: stop Redis, run redis-check-aof --fix on it, start again; if it cannot"
              + " be repaired, restore from the RDB or the last backup.")),
  REPLICATION(
      "E: replication",
      List.of(
          "Check the replication link and both ends: /redis topology, and the master's and the"
              + " replica's logs.",
          "A replica that cannot reach its master serves stale data: point readers at the master"
              + " or another replica until the link is back."));

  private final String label;
  private final List<String> nextSteps;

  Scenario(String label, List<String> nextSteps) {
    this.label = label;
    this.nextSteps = nextSteps;
  }

  /** The decision-tree label, exactly as the runbooks and alerts name it. */
  public String label() {
    return label;
  }

  public List<String> nextSteps() {
    return nextSteps;
  }
}
