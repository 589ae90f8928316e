package dev.incidentbot.redis.diagnostics;

import dev.incidentbot.format.Counts;
import dev.incidentbot.redis.InfoSnapshot;
import java.util.ArrayList;
import java.util.List;

/**
 * A node's replication state from INFO replication.
 *
 * @param role "master" or "slave"
 * @param offset master_repl_offset (masters) or slave_repl_offset (replicas)
 * @param replicas the replicas a master lists
 * @param masterAddress the master a replica follows, else ""
 * @param linkStatus a replica's master_link_status, else ""
 * @param lastIoSeconds a replica's master_last_io_seconds_ago, else -1
 */
record Replication(
    String role,
    long offset,
    List<Replica> replicas,
    String masterAddress,
    String linkStatus,
    long lastIoSeconds) {

  /** One {@code slaveN:ip=...,port=...,state=online,offset=...,lag=0} line. */
  record Replica(String address, String state, long offset, long lagSeconds) {}

  static Replication of(InfoSnapshot info) {
    String role = info.text("role", "?");
    var replicas = new ArrayList<Replica>();
    long n = info.number("connected_slaves", 0);
    for (int i = 0; i < n; i++) {
      var f = fields(info.text("slave" + i, ""));
      replicas.add(
          new Replica(
              f.getOrDefault("ip", "?") + ":" + f.getOrDefault("port", "?"),
              f.getOrDefault("state", "?"),
              parse(f.get("offset")),
              parse(f.get("lag"))));
    }
    boolean replica = "slave".equals(role);
    return new Replication(
        replica ? "replica" : role,
        replica ? info.number("slave_repl_offset", -1) : info.number("master_repl_offset", -1),
        replicas,
        replica ? info.text("master_host", "?") + ":" + info.text("master_port", "?") : "",
        replica ? info.text("master_link_status", "?") : "",
        replica ? info.number("master_last_io_seconds_ago", -1) : -1);
  }

  /** "replica 127.0.0.1:6380 online, lag 0 s, 0 bytes behind", one line per replica. */
  List<String> replicaLines() {
    return replicas.stream()
        .map(
            r ->
                "replica "
                    + r.address()
                    + " "
                    + r.state()
                    + ", lag "
                    + r.lagSeconds()
                    + " s, "
                    + Counts.format(Math.max(0, offset - r.offset()))
                    + " bytes behind")
        .toList();
  }

  private static java.util.Map<String, String> fields(String csv) {
    var out = new java.util.LinkedHashMap<String, String>();
    for (String part : csv.split(",")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        out.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    return out;
  }

  private static long parse(String s) {
    try {
      return s == null ? -1 : Long.parseLong(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
