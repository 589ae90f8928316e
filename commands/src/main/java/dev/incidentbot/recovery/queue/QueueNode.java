package dev.incidentbot.recovery.queue;

import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.recovery.TargetFacts;
import dev.incidentbot.recovery.action.TargetConnector;
import dev.incidentbot.redis.Mode;
import dev.incidentbot.redis.Node;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.queues.BullMqQueues;
import dev.incidentbot.redis.queues.RqQueues;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.Jedis;

/**
 * The node a queue action works on, connected, and the queue found there: the target's primary, or
 * in a cluster the primary serving the slot every key of the queue hashes to (a BullMQ queue under
 * a hash-tagged prefix such as {@code {bull}}, as BullMQ needs on a cluster). The existing
 * single-node logic then runs on that connection unchanged. Close it when done.
 *
 * <p>On a cluster the queue is looked up where its keys live: {@code <prefix>:<name>:meta} and
 * {@code rq:queues} on the primaries serving their slots ({@code CLUSTER KEYSLOT} and the slot
 * map). RQ queues are refused there: RQ keeps a queue's keys in many slots ({@code rq:queue:<q>},
 * {@code rq:job:<id>}, its registries), which no MULTI/EXEC of a cluster can span.
 */
final class QueueNode implements AutoCloseable {
  private final Jedis jedis;
  private final QueueRef queue;
  private final Target target;
  private final TargetConnector.KeyOwner owner;

  private QueueNode(Jedis jedis, QueueRef queue, Target target, TargetConnector.KeyOwner owner) {
    this.jedis = jedis;
    this.queue = queue;
    this.target = target;
    this.owner = owner;
  }

  /**
   * Finds the queue {@code options} name on {@code target} and connects to the node that holds it.
   *
   * @throws UserFacingException when there is no such queue, it cannot be worked on there, or the
   *     node cannot be reached
   */
  static QueueNode open(TargetConnector connector, Target target, Map<String, String> options) {
    if (target.mode() != Mode.CLUSTER) {
      Jedis jedis = connector.openPrimary(target);
      try {
        return new QueueNode(jedis, QueueOptions.find(jedis, options, target), target, null);
      } catch (RuntimeException e) {
        jedis.close();
        throw e;
      }
    }
    QueueRef q;
    TargetConnector.KeyOwner owner;
    try (var lookup = new ClusterLookup(connector, target, options)) {
      q = QueueOptions.find(lookup, options, target);
      refuseOnCluster(q, target);
      owner = lookup.owners.get(metaKey(q.prefix(), q.name()));
    }
    return new QueueNode(connector.open(target, owner.node()), q, target, owner);
  }

  Jedis jedis() {
    return jedis;
  }

  QueueRef queue() {
    return queue;
  }

  /** The facts a plan shows: of the primary, or in a cluster of the node holding the queue. */
  TargetFacts facts() {
    TargetFacts f = TargetFacts.read(jedis);
    if (owner == null) {
      return f;
    }
    return new TargetFacts(
        "cluster: " + where(),
        f.replicas(),
        f.persistence(),
        f.usedMemory(),
        f.maxmemory(),
        f.policy(),
        f.info());
  }

  /** In a cluster, the plan's line that says where it runs. */
  Optional<String> willRun() {
    return owner == null ? Optional.empty() : Optional.of("on " + where() + ":");
  }

  /** In a cluster, the outcome's line that says which node the numbers came from. */
  Optional<Field> evidence() {
    return owner == null ? Optional.empty() : Optional.of(new Field("Node", where(), false));
  }

  /** "127.0.0.1:7002, the primary serving slot 1234, where every key of {bull}:emails: lives". */
  private String where() {
    return owner.node().label()
        + ", the primary serving slot "
        + owner.slot()
        + ", where every key of "
        + queue.base()
        + " lives";
  }

  @Override
  public void close() {
    jedis.close();
  }

  private static String metaKey(String prefix, String name) {
    return prefix + ":" + name + ":meta";
  }

  private static void refuseOnCluster(QueueRef q, Target target) {
    if (q.system() == QueueRef.System.RQ) {
      throw new UserFacingException(
          "RQ queue "
              + q.name()
              + " is on cluster "
              + target.name()
              + ", where the bot does not trim or requeue RQ jobs: RQ keeps a queue's keys in many"
              + " slots (rq:queue:"
              + q.name()
              + ", rq:job:<id>, its registries) and the bot moves them in MULTI/EXEC"
              + " transactions, which a cluster refuses across slots (CROSSSLOT). Nothing was"
              + " changed.");
    }
    if (!q.oneSlot()) {
      throw new UserFacingException(
          q.describe()
              + " under prefix "
              + q.prefix()
              + " spreads its keys over many slots of cluster "
              + target.name()
              + ", so its jobs cannot be moved in one transaction; BullMQ on a cluster needs a"
              + " hash-tagged prefix such as {"
              + q.prefix()
              + "} (bullmqPrefixes in the target's config, or prefix:). Nothing was changed.");
    }
  }

  /** Looks each key up on the primary serving its slot; connections kept open per node. */
  private static final class ClusterLookup implements QueueRef.Lookup, AutoCloseable {
    private final TargetConnector connector;
    private final Target target;
    private final Map<String, TargetConnector.KeyOwner> owners;
    private final Map<String, Jedis> open = new HashMap<>();

    ClusterLookup(TargetConnector connector, Target target, Map<String, String> options) {
      this.connector = connector;
      this.target = target;
      String name = options.get("queue").strip();
      var keys = new ArrayList<String>();
      for (String prefix : QueueOptions.prefixes(options, target)) {
        if (BullMqQueues.validPrefix(prefix)) {
          keys.add(metaKey(prefix, name));
        }
      }
      keys.add(QueueRef.RQ_QUEUES);
      this.owners = connector.slotOwners(target, keys);
    }

    @Override
    public boolean exists(String key) {
      return on(owners.get(key).node()).exists(key);
    }

    @Override
    public boolean isMember(String set, String member) {
      return on(owners.get(set).node()).sismember(set, member);
    }

    @Override
    public List<String> known(List<String> prefixes) {
      var known = new ArrayList<String>();
      for (Node primary : connector.primaries(target).nodes()) {
        for (String prefix : prefixes) {
          BullMqQueues.discover(on(primary), prefix, System.nanoTime() + 500_000_000L)
              .queues()
              .forEach(q -> known.add(q + " (BullMQ, on " + primary.label() + ")"));
        }
      }
      RqQueues.discover(on(owners.get(QueueRef.RQ_QUEUES).node()))
          .forEach(q -> known.add(q + " (RQ)"));
      return known;
    }

    private Jedis on(Node node) {
      return open.computeIfAbsent(node.label(), label -> connector.open(target, node));
    }

    @Override
    public void close() {
      open.values().forEach(Jedis::close);
    }
  }
}
