package dev.incidentbot.redis;

import java.util.List;
import java.util.Map;
import redis.clients.jedis.HostAndPort;

/**
 * What one sentinel says about a Sentinel target: the master's address and the replicas it knows
 * ({@code SENTINEL REPLICAS}), so that a replica gone from the master's own list is still noticed.
 *
 * @param sentinel the sentinel that answered, "host:port"
 * @param master the address it gives for the master
 * @param replicas the replicas it knows, whatever their state
 * @param masterFlags Sentinel's flags for the master ("master", "s_down,o_down,master"), "" unknown
 * @param failoverState Sentinel's failover state for the master ("none", "wait_promotion"), ""
 *     unknown
 */
public record SentinelView(
    String sentinel,
    HostAndPort master,
    List<KnownReplica> replicas,
    String masterFlags,
    String failoverState) {
  public SentinelView {
    replicas = List.copyOf(replicas);
    masterFlags = masterFlags == null ? "" : masterFlags;
    failoverState = failoverState == null ? "" : failoverState;
  }

  /** A view without what Sentinel says of the master itself. */
  public SentinelView(String sentinel, HostAndPort master, List<KnownReplica> replicas) {
    this(sentinel, master, replicas, "", "");
  }

  /** Whether Sentinel flags the master down, subjectively or by quorum. */
  public boolean masterDown() {
    return masterFlags.contains("s_down") || masterFlags.contains("o_down");
  }

  /** Whether a failover of the master is under way. */
  public boolean failingOver() {
    return masterFlags.contains("failover_in_progress")
        || (!failoverState.isBlank() && !"none".equals(failoverState));
  }

  /**
   * One replica as Sentinel knows it.
   *
   * @param address "ip:port", as the master's INFO lists it
   * @param flags Sentinel's flags ("slave", "s_down,slave", "slave,disconnected")
   */
  public record KnownReplica(String address, String flags) {
    static KnownReplica of(Map<String, String> fields) {
      return new KnownReplica(
          fields.getOrDefault("ip", "?") + ":" + fields.getOrDefault("port", "?"),
          fields.getOrDefault("flags", "?"));
    }

    /** Whether Sentinel itself sees it as down or cut off. */
    public boolean downPerSentinel() {
      return flags.contains("s_down") || flags.contains("o_down") || flags.contains("disconnected");
    }
  }
}
