package dev.incidentbot.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import redis.clients.jedis.HostAndPort;

/**
 * One line of {@code CLUSTER NODES}: a node's id, address, flags, its primary (for replicas), link
 * state and the slot ranges it serves.
 *
 * @param slots served slot ranges as {@code [from, to]} pairs, inclusive
 */
public record ClusterNode(
    String id,
    HostAndPort address,
    Set<String> flags,
    String primaryId,
    String linkState,
    List<int[]> slots) {

  public ClusterNode {
    flags = Set.copyOf(flags);
    slots = List.copyOf(slots);
  }

  /** Parses the whole {@code CLUSTER NODES} reply, one node per line. */
  public static List<ClusterNode> parseAll(String clusterNodes) {
    var out = new ArrayList<ClusterNode>();
    for (String line : clusterNodes.split("\n")) {
      if (!line.isBlank()) {
        out.add(parse(line.strip()));
      }
    }
    return out;
  }

  /** {@code <id> <ip:port@cport[,host]> <flags> <primary> <ping> <pong> <epoch> <link> <slots>}. */
  static ClusterNode parse(String line) {
    String[] f = line.split(" ");
    String addr = f[1];
    int at = addr.indexOf('@');
    String hostPort = at < 0 ? addr : addr.substring(0, at);
    int colon = hostPort.lastIndexOf(':');
    var address =
        new HostAndPort(
            hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    var slots = new ArrayList<int[]>();
    for (int i = 8; i < f.length; i++) {
      if (f[i].startsWith("[")) {
        continue; // a slot being imported or migrated, not served
      }
      int dash = f[i].indexOf('-');
      int from = Integer.parseInt(dash < 0 ? f[i] : f[i].substring(0, dash));
      int to = dash < 0 ? from : Integer.parseInt(f[i].substring(dash + 1));
      slots.add(new int[] {from, to});
    }
    return new ClusterNode(
        f[0], address, Set.of(f[2].split(",")), f[3], f.length > 7 ? f[7] : "", slots);
  }

  public boolean primary() {
    return flags.contains("master");
  }

  public boolean failed() {
    return flags.contains("fail");
  }

  public boolean possiblyFailed() {
    return flags.contains("fail?");
  }

  public boolean myself() {
    return flags.contains("myself");
  }

  /** How many slots it serves. */
  public int slotCount() {
    return slots.stream().mapToInt(r -> r[1] - r[0] + 1).sum();
  }

  public String addressText() {
    return address.getHost() + ":" + address.getPort();
  }
}
