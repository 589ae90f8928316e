package dev.incidentbot.recovery.action;

import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.redis.ClusterNode;
import dev.incidentbot.redis.Mode;
import dev.incidentbot.redis.Node;
import dev.incidentbot.redis.NodeResolver;
import dev.incidentbot.redis.RedisNodes;
import dev.incidentbot.redis.RedisProblem;
import dev.incidentbot.redis.RedisProblemException;
import dev.incidentbot.redis.Session;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Finds the nodes an action must talk to — the standalone node, the master Sentinel names now, or a
 * cluster's primaries, every node of it, or the primary serving a key's slot ({@code CLUSTER NODES}
 * from the first seed that answers, {@code CLUSTER KEYSLOT}) — and opens connections to them with
 * the target's timeout and credentials. Connection failures become user-facing sentences.
 * Thread-safe; callers close what they get.
 */
public final class TargetConnector {
  private static final Logger log = LoggerFactory.getLogger(TargetConnector.class);

  private final Targets targets;
  private final RedisNodes nodes;
  private final NodeResolver resolver;

  public TargetConnector(Targets targets, RedisNodes nodes, NodeResolver resolver) {
    this.targets = targets;
    this.nodes = nodes;
    this.resolver = resolver;
  }

  /** The configured target called {@code name} (or the only one), or an error naming the known. */
  public Target target(Optional<String> name) {
    return targets.require(name);
  }

  /**
   * A connection to the node that takes writes for a standalone or Sentinel {@code target}.
   *
   * @throws UserFacingException when it cannot be reached
   * @throws IllegalArgumentException for a cluster target, which has no single such node: use
   *     {@link #primaries}, {@link #everyNode} or {@link #slotOwners}
   */
  public Jedis openPrimary(Target target) {
    if (target.mode() == Mode.CLUSTER) {
      throw new IllegalArgumentException(
          target.name() + " is a cluster target: no single node takes all of its writes");
    }
    HostAndPort node =
        target.mode() == Mode.SENTINEL
            ? sentinelMaster(target)
            : new HostAndPort(target.endpoint().host(), target.endpoint().port());
    try {
      return nodes.open(target, node);
    } catch (RuntimeException e) {
      throw unreachable(target, e);
    }
  }

  /** A connection to one node of {@code target}, with its timeout and credentials. */
  public Jedis open(Target target, HostAndPort node) {
    try {
      return nodes.open(target, node);
    } catch (RuntimeException e) {
      throw unreachable(target, e);
    }
  }

  /** A connection to {@code node} of {@code target}; a failure to reach it names that node. */
  public Jedis open(Target target, Node node) {
    Target at = target.atNode(node.address().getHost(), node.address().getPort());
    try {
      return nodes.open(at, node.address());
    } catch (RuntimeException e) {
      throw unreachable(at, e);
    }
  }

  /**
   * The nodes that hold {@code target}'s data: its one node, or every cluster primary serving slots
   * (failed ones skipped, and said so).
   *
   * @throws UserFacingException when no sentinel or seed answers
   */
  public NodeSet primaries(Target target) {
    return target.mode() == Mode.CLUSTER ? cluster(target, false) : single(target);
  }

  /**
   * Every node a setting or a client connection can be on: the one node, or every node of a cluster
   * — primaries (with or without slots) and replicas, since applications read from replicas and a
   * promoted replica must behave like the primary it replaces.
   *
   * @throws UserFacingException when no sentinel or seed answers
   */
  public NodeSet everyNode(Target target) {
    return target.mode() == Mode.CLUSTER ? cluster(target, true) : single(target);
  }

  /** Which primary of a cluster serves a key, and the key's slot. */
  public record KeyOwner(String key, long slot, Node node) {}

  /**
   * The primary serving each of {@code keys} in cluster {@code target}: their slots from {@code
   * CLUSTER KEYSLOT} on the seed that answered, then the slot map of that seed's {@code CLUSTER
   * NODES}.
   *
   * @throws UserFacingException when no seed answers, or a slot has no primary that is not failed
   */
  public Map<String, KeyOwner> slotOwners(Target target, List<String> keys) {
    try (Session session = new Session(nodes, target)) {
      NodeResolver.ClusterView view = clusterView(target, session);
      Jedis seed = session.open(HostAndPort.from(view.seed()));
      var out = new LinkedHashMap<String, KeyOwner>();
      for (String key : keys) {
        long slot = seed.clusterKeySlot(key);
        ClusterNode owner =
            view.nodes().stream()
                .filter(n -> n.primary() && !n.failed() && serves(n, slot))
                .findFirst()
                .orElseThrow(
                    () ->
                        new UserFacingException(
                            "No working primary of "
                                + target.name()
                                + " serves slot "
                                + slot
                                + " (of key "
                                + key
                                + ") now, as "
                                + view.seed()
                                + " sees the cluster; check /redis topology. Nothing was"
                                + " changed."));
        out.put(key, new KeyOwner(key, slot, new Node(owner.address(), NodeSet.PRIMARY)));
      }
      return out;
    } catch (UserFacingException e) {
      throw e;
    } catch (RuntimeException e) {
      throw unreachable(target, e);
    }
  }

  private NodeSet single(Target target) {
    if (target.mode() == Mode.SENTINEL) {
      return new NodeSet(target, List.of(new Node(sentinelMaster(target), "master")), List.of());
    }
    var endpoint = new HostAndPort(target.endpoint().host(), target.endpoint().port());
    return new NodeSet(target, List.of(new Node(endpoint, "standalone")), List.of());
  }

  /** The cluster's primaries serving slots (or every node), primaries by first slot first. */
  private NodeSet cluster(Target target, boolean everyNode) {
    List<ClusterNode> all;
    try (Session session = new Session(nodes, target)) {
      all = clusterView(target, session).nodes();
    }
    Map<String, ClusterNode> byId =
        all.stream().collect(Collectors.toMap(ClusterNode::id, Function.identity(), (a, b) -> a));
    Comparator<ClusterNode> order =
        Comparator.comparing((ClusterNode n) -> n.primary() ? 0 : 1)
            .thenComparingInt(n -> firstSlot(n.primary() ? n : byId.get(n.primaryId())))
            .thenComparing(ClusterNode::addressText);
    var chosen = new ArrayList<Node>();
    var skipped = new ArrayList<String>();
    for (ClusterNode n : all.stream().sorted(order).toList()) {
      boolean holdsData = n.primary() && n.slotCount() > 0;
      if (!everyNode && !holdsData) {
        continue;
      }
      Node node = new Node(n.address(), role(n, byId));
      String why =
          n.failed()
              ? holdsData
                  ? "marked failed by the cluster; its slots are not served"
                  : "marked failed by the cluster"
              : n.flags().contains("noaddr")
                  ? "the cluster knows no address for it"
                  : n.flags().contains("handshake") ? "still joining the cluster" : null;
      if (why == null) {
        chosen.add(node);
      } else {
        skipped.add(NodeSet.name(node) + ": " + why);
      }
    }
    if (chosen.isEmpty()) {
      throw new UserFacingException(
          "No node of cluster "
              + target.name()
              + " can take the action now"
              + (skipped.isEmpty() ? "" : " (" + String.join("; ", skipped) + ")")
              + ". Nothing was changed.");
    }
    log.debug("target {}: action nodes {}, skipped {}", target.name(), chosen, skipped);
    return new NodeSet(target, chosen, skipped);
  }

  private NodeResolver.ClusterView clusterView(Target target, Session session) {
    try {
      return resolver.clusterNodes(target, session);
    } catch (RedisProblemException e) {
      log.info("target {}: no seed answered CLUSTER NODES: {}", target.name(), e.problem().kind());
      throw new UserFacingException(e.problem().message() + " Nothing was changed.", e);
    }
  }

  private static String role(ClusterNode n, Map<String, ClusterNode> byId) {
    if (n.primary()) {
      return NodeSet.PRIMARY;
    }
    ClusterNode primary = byId.get(n.primaryId());
    return primary == null ? "replica" : "replica of " + primary.addressText();
  }

  private static int firstSlot(ClusterNode n) {
    return n == null || n.slots().isEmpty() ? Integer.MAX_VALUE : n.slots().get(0)[0];
  }

  private static boolean serves(ClusterNode n, long slot) {
    return n.slots().stream().anyMatch(r -> r[0] <= slot && slot <= r[1]);
  }

  /** The master address the first answering sentinel gives for {@code target}. */
  public HostAndPort sentinelMaster(Target target) {
    try (Session session = new Session(nodes, target)) {
      return resolver.sentinelMaster(target, session);
    } catch (RedisProblemException e) {
      log.info("target {}: no sentinel named a master: {}", target.name(), e.problem().kind());
      throw new UserFacingException(e.problem().message() + " Nothing was changed.", e);
    }
  }

  /** A connection to a sentinel of {@code target}, with its timeout. */
  public Jedis openSentinel(Target target, HostAndPort sentinel) {
    return nodes.openSentinel(target, sentinel);
  }

  /** A failure to reach {@code target} as a user-facing sentence. */
  public static UserFacingException unreachable(Target target, RuntimeException e) {
    if (e instanceof UserFacingException u) {
      return u;
    }
    return new UserFacingException(
        RedisProblem.of(target, e).message() + " Nothing was changed.", e);
  }
}
