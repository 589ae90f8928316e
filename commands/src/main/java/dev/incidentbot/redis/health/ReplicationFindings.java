package dev.incidentbot.redis.health;

import dev.incidentbot.format.Counts;
import dev.incidentbot.redis.InfoSnapshot;
import dev.incidentbot.redis.SentinelView;
import dev.incidentbot.redis.Thresholds;
import dev.incidentbot.redis.health.Finding.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Judges replication from INFO replication and, for Sentinel targets, from the replicas Sentinel
 * knows: a replica's link to its master, a master's replicas that are not {@code online} (still
 * syncing: {@code wait_bgsave}, {@code send_bulk}), lag, and replicas Sentinel knows that the
 * master no longer lists (killed, paused past the timeout, or cut off). Pure: no I/O.
 */
final class ReplicationFindings {
  private ReplicationFindings() {}

  /**
   * The replication finding, if there is anything to say.
   *
   * @param sentinelKnows the replicas Sentinel knows, empty for targets without Sentinel
   */
  static Optional<Finding> of(
      InfoSnapshot info, Thresholds t, Optional<List<SentinelView.KnownReplica>> sentinelKnows) {
    // Long on purpose: a decision table over INFO replication fields, one finding per rule.
    if ("slave".equals(info.text("role", ""))) {
      return Optional.of(replica(info, t));
    }
    List<Map<String, String>> listed = listedReplicas(info);
    List<SentinelView.KnownReplica> missing = missing(listed, sentinelKnows.orElse(List.of()));
    if (listed.isEmpty() && missing.isEmpty()) {
      return Optional.empty();
    }
    long masterOffset = info.number("master_repl_offset", 0);
    long worstLag = 0;
    long worstBytes = 0;
    var notOnline = new ArrayList<String>();
    for (Map<String, String> r : listed) {
      worstLag = Math.max(worstLag, number(r.get("lag")));
      long offset = number(r.get("offset"));
      String state = r.getOrDefault("state", "?");
      if (offset >= 0 && "online".equals(state)) {
        // a replica still syncing has no offset yet (0): its distance says nothing
        worstBytes = Math.max(worstBytes, masterOffset - offset);
      }
      if (!"online".equals(state)) {
        notOnline.add(address(r) + " is " + state + ", not online");
      }
    }
    long online = listed.size() - notOnline.size();
    Level level = Level.OK;
    if (worstLag > t.replicationLagSeconds() || !notOnline.isEmpty() || !missing.isEmpty()) {
      level = Level.WARN;
    }
    if (!missing.isEmpty() && online == 0) {
      level = Level.CRIT; // nothing in sync to fail over to
    }
    var parts = new ArrayList<String>();
    parts.add(
        Counts.of(listed.size(), "replica", "replicas")
            + " connected, worst lag "
            + worstLag
            + " s, "
            + Counts.format(worstBytes)
            + " bytes behind");
    parts.addAll(notOnline);
    if (!missing.isEmpty()) {
      parts.add(
          missing.size()
              + " of "
              + Counts.of(sentinelKnows.orElseThrow().size(), "replica", "replicas")
              + " Sentinel knows not connected: "
              + String.join(
                  ", ", missing.stream().map(m -> m.address() + " (" + m.flags() + ")").toList()));
    }
    return Optional.of(
        new Finding(
            "replication",
            level,
            String.join("; ", parts),
            "warn when lag > "
                + num(t.replicationLagSeconds())
                + " s, a replica is not online or one Sentinel knows is gone; crit when none is"
                + " left online"));
  }

  private static Finding replica(InfoSnapshot info, Thresholds t) {
    String link = info.text("master_link_status", "?");
    long sinceIo = info.number("master_last_io_seconds_ago", -1);
    Level level = "up".equals(link) ? Level.OK : Level.CRIT;
    if (level == Level.OK && sinceIo > t.replicationLagSeconds() * 10) {
      level = Level.WARN;
    }
    return new Finding(
        "replication",
        level,
        "replica of "
            + info.text("master_host", "?")
            + ":"
            + info.text("master_port", "?")
            + ", link "
            + link
            + (sinceIo >= 0 ? ", last contact " + sinceIo + " s ago" : ""),
        "link must be up");
  }

  /** The {@code slaveN:ip=...,port=...,state=...,offset=...,lag=...} lines, as field maps. */
  private static List<Map<String, String>> listedReplicas(InfoSnapshot info) {
    var out = new ArrayList<Map<String, String>>();
    long n = info.number("connected_slaves", 0);
    for (int i = 0; i < n; i++) {
      var fields = new LinkedHashMap<String, String>();
      for (String part : info.text("slave" + i, "").split(",")) {
        int eq = part.indexOf('=');
        if (eq > 0) {
          fields.put(part.substring(0, eq), part.substring(eq + 1));
        }
      }
      out.add(fields);
    }
    return out;
  }

  private static List<SentinelView.KnownReplica> missing(
      List<Map<String, String>> listed, List<SentinelView.KnownReplica> known) {
    var addresses = listed.stream().map(ReplicationFindings::address).toList();
    return known.stream().filter(k -> !addresses.contains(k.address())).toList();
  }

  private static String address(Map<String, String> replica) {
    return replica.getOrDefault("ip", "?") + ":" + replica.getOrDefault("port", "?");
  }

  private static long number(String s) {
    try {
      return s == null ? -1 : Long.parseLong(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String num(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
