package dev.incidentbot.redis;

import java.util.Objects;
import redis.clients.jedis.HostAndPort;

/**
 * A server a node-level command runs on, and why it was chosen.
 *
 * @param address where it listens
 * @param role how the target's mode found it: "standalone", "master (via sentinel)", "primary"
 */
public record Node(HostAndPort address, String role) {
  public Node {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(role, "role");
  }

  /** "127.0.0.1:7001", as every line that came from this node says. */
  public String label() {
    return address.getHost() + ":" + address.getPort();
  }
}
