package dev.incidentbot.redis.health;

import dev.incidentbot.format.Counts;
import dev.incidentbot.redis.InfoSnapshot;
import dev.incidentbot.redis.Session;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * For a replica whose link to its master is down, what its master says: a replica's own INFO cannot
 * tell a master that is gone from one that answers and cuts every sync before it finishes (a
 * full-resync loop). Two INFOs of the master, a moment apart, count the full resyncs it ran in
 * between. Reads only; bounded by the check's deadline.
 */
final class MasterLook {
  /** How far apart the two INFOs of the master are, at most. */
  static final Duration SPACING = Duration.ofMillis(300);

  private MasterLook() {}

  /**
   * The {@code master's resyncs} finding when the master answers and runs full resyncs again and
   * again; empty when it does not answer, or syncs normally, or time is short.
   *
   * @param replica the replica's INFO
   */
  static Optional<Finding> of(Session session, InfoSnapshot replica, long deadlineNanos) {
    if (!"slave".equals(replica.text("role", ""))
        || "up".equals(replica.text("master_link_status", "up"))) {
      return Optional.empty();
    }
    String host = replica.text("master_host", "");
    long port = replica.number("master_port", -1);
    long left = deadlineNanos - System.nanoTime();
    if (host.isBlank() || port <= 0 || left < TimeUnit.MILLISECONDS.toNanos(200)) {
      return Optional.empty();
    }
    long spacing = Math.min(SPACING.toNanos(), left / 3);
    try {
      Jedis master = session.open(new HostAndPort(host, (int) port));
      master
          .getConnection()
          .setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left / 3)));
      InfoSnapshot before = HealthCheck.info(master, "stats", "replication");
      long t0 = System.nanoTime();
      LockSupport.parkNanos(spacing);
      InfoSnapshot after = HealthCheck.info(master, "stats", "replication");
      Duration apart = Duration.ofNanos(System.nanoTime() - t0);
      long fulls = after.number("sync_full", 0) - before.number("sync_full", 0);
      String state = stateOf(after, replica.number("tcp_port", -1));
      boolean syncing = "wait_bgsave".equals(state) || "send_bulk".equals(state);
      long total = after.number("sync_full", 0);
      if (fulls < 1 && !(syncing && total >= 3 + after.number("connected_slaves", 0))) {
        return Optional.empty();
      }
      String at = host + ":" + port;
      String measured =
          (fulls > 0
                  ? "its master "
                      + at
                      + " answers and ran "
                      + Counts.of(fulls, "full resync", "full resyncs")
                      + " in "
                      + String.format(java.util.Locale.ROOT, "%.1f s", apart.toNanos() / 1e9)
                  : "its master " + at + " answers, and this replica is in a full sync again")
              + " ("
              + Counts.of(total, "full resync", "full resyncs")
              + " since it started)"
              + (state.isEmpty()
                  ? "; it lists this replica as not connected"
                  : "; it lists this replica as " + state);
      return Optional.of(
          new Finding(
              "master's resyncs",
              Finding.Level.CRIT,
              measured,
              "a replica that needs a full resync again and again never catches up"));
    } catch (RuntimeException e) {
      return Optional.empty(); // the master does not answer: the replica's own finding says so
    }
  }

  /** The {@code state=} the master lists for the replica listening on {@code port}, or "". */
  private static String stateOf(InfoSnapshot master, long port) {
    long n = master.number("connected_slaves", 0);
    for (int i = 0; i < n; i++) {
      String line = master.text("slave" + i, "");
      if (line.contains(",port=" + port + ",")) {
        for (String part : line.split(",")) {
          if (part.startsWith("state=")) {
            return part.substring("state=".length());
          }
        }
      }
    }
    return "";
  }
}
