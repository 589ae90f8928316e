package dev.incidentbot.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Finds the servers a target's node-level commands run on: the standalone node; the master the
 * target's sentinels name ({@code SENTINEL GET-MASTER-ADDR-BY-NAME}, the first sentinel that
 * answers within the timeout); or every primary serving slots in a cluster ({@code CLUSTER NODES}
 * from the first seed that answers). Sentinels and seeds are asked at once, so a hung one costs
 * nothing while another answers.
 *
 * <p>Thread-safe. Blocks for at most the target's timeout.
 */
public final class NodeResolver {
  private static final Logger log = LoggerFactory.getLogger(NodeResolver.class);

  private final ExecutorService executor;

  public NodeResolver(ExecutorService executor) {
    this.executor = executor;
  }

  /**
   * The nodes to run node-level commands on.
   *
   * @throws RedisProblemException when no sentinel or seed answers
   */
  public List<Node> primaries(Target target, Session session) {
    return switch (target.mode()) {
      case STANDALONE -> List.of(new Node(endpoint(target), "standalone"));
      case SENTINEL -> List.of(new Node(sentinelMaster(target, session), "master via sentinel"));
      case CLUSTER ->
          clusterNodes(target, session).nodes().stream()
              .filter(n -> n.primary() && n.slotCount() > 0)
              .map(n -> new Node(n.address(), "primary"))
              .toList();
    };
  }

  /** The master address the first answering sentinel gives. */
  public HostAndPort sentinelMaster(Target target, Session session) {
    Answer<HostAndPort> answer =
        first(
            target,
            sentinels(target),
            sentinel ->
                askSentinel(
                    target,
                    sentinel,
                    () -> masterAddress(target, session.openSentinel(sentinel), sentinel)),
            "sentinels",
            "name the master '" + target.sentinelMaster() + "'");
    log.debug("{}: sentinel {} names master {}", target.name(), answer.from(), answer.value());
    return answer.value();
  }

  /** The master and the replicas the first answering sentinel knows. */
  public SentinelView sentinelView(Target target, Session session) {
    Answer<SentinelView> answer =
        first(
            target,
            sentinels(target),
            sentinel ->
                askSentinel(
                    target,
                    sentinel,
                    () -> {
                      Jedis jedis = session.openSentinel(sentinel);
                      HostAndPort master = masterAddress(target, jedis, sentinel);
                      var replicas =
                          jedis.sentinelReplicas(target.sentinelMaster()).stream()
                              .map(SentinelView.KnownReplica::of)
                              .toList();
                      Map<String, String> about = Map.of();
                      try {
                        about = jedis.sentinelMaster(target.sentinelMaster());
                      } catch (RuntimeException e) {
                        // an older sentinel or an ACL: the address and replicas still stand
                      }
                      return new SentinelView(
                          label(sentinel),
                          master,
                          replicas,
                          about.getOrDefault("flags", ""),
                          about.getOrDefault("failover-state", ""));
                    }),
            "sentinels",
            "name the master '" + target.sentinelMaster() + "'");
    return answer.value();
  }

  /** Runs {@code ask} on a sentinel; a refused login names the sentinelPassword setting. */
  private static <T> T askSentinel(
      Target target, HostAndPort sentinel, java.util.function.Supplier<T> ask) {
    try {
      return ask.get();
    } catch (RedisProblemException e) {
      throw e;
    } catch (RuntimeException e) {
      RedisProblem problem =
          RedisProblem.of(target.atNode(sentinel.getHost(), sentinel.getPort()), e);
      if (problem.kind() != RedisProblem.Kind.AUTH) {
        throw new RedisProblemException(problem);
      }
      throw new RedisProblemException(
          new RedisProblem(
              RedisProblem.Kind.AUTH,
              "sentinel "
                  + label(sentinel)
                  + " of "
                  + target.name()
                  + (target.sentinelPassword() == null
                      ? " requires a password the bot was not given: set sentinelPassword in the"
                          + " target's config"
                      : " rejected the configured sentinelPassword")));
    }
  }

  private static HostAndPort masterAddress(Target target, Jedis jedis, HostAndPort sentinel) {
    List<String> addr = jedis.sentinelGetMasterAddrByName(target.sentinelMaster());
    if (addr == null || addr.size() < 2) {
      throw new RedisProblemException(
          new RedisProblem(
              RedisProblem.Kind.OTHER,
              "sentinel "
                  + label(sentinel)
                  + " does not monitor a master named '"
                  + target.sentinelMaster()
                  + "'"));
    }
    return new HostAndPort(addr.get(0), Integer.parseInt(addr.get(1)));
  }

  /** The cluster as the first answering seed sees it. */
  public ClusterView clusterNodes(Target target, Session session) {
    Answer<List<ClusterNode>> answer =
        first(
            target,
            seeds(target),
            seed -> ClusterNode.parseAll(session.open(seed).clusterNodes()),
            "seed nodes",
            "answer CLUSTER NODES");
    return new ClusterView(label(answer.from()), answer.value());
  }

  /** The cluster as one seed sees it. */
  public record ClusterView(String seed, List<ClusterNode> nodes) {
    public ClusterView {
      nodes = List.copyOf(nodes);
    }
  }

  /** The configured sentinels. */
  public static List<HostAndPort> sentinels(Target target) {
    return target.nodes().stream().map(HostAndPort::from).toList();
  }

  private static List<HostAndPort> seeds(Target target) {
    if (target.nodes().isEmpty()) {
      return List.of(endpoint(target));
    }
    return target.nodes().stream().map(HostAndPort::from).toList();
  }

  private static HostAndPort endpoint(Target target) {
    return new HostAndPort(target.endpoint().host(), target.endpoint().port());
  }

  private record Answer<T>(HostAndPort from, T value) {}

  /** Asks every candidate at once and returns the first good answer within the timeout. */
  private <T> Answer<T> first(
      Target target,
      List<HostAndPort> candidates,
      Function<HostAndPort, T> ask,
      String what,
      String task) {
    // Long on purpose: asks every candidate at once and takes the first good answer in time; kept
    // together so the cancellation is visible.
    CompletionService<Answer<T>> service = new ExecutorCompletionService<>(executor);
    var futures = new ArrayList<Future<Answer<T>>>();
    for (HostAndPort c : candidates) {
      futures.add(
          service.submit(
              () -> {
                try {
                  return new Answer<>(c, ask.apply(c));
                } catch (RedisProblemException e) {
                  throw e;
                } catch (RuntimeException e) {
                  throw new RedisProblemException(
                      RedisProblem.of(target.atNode(c.getHost(), c.getPort()), e));
                }
              }));
    }
    long deadline = System.nanoTime() + target.timeout().toNanos();
    var failures = new ArrayList<String>();
    RedisProblem.Kind kind = RedisProblem.Kind.TIMEOUT;
    try {
      for (int i = 0; i < candidates.size(); i++) {
        Future<Answer<T>> done =
            service.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (done == null) {
          break;
        }
        try {
          return done.get();
        } catch (ExecutionException e) {
          RedisProblem p = problem(target, e.getCause());
          kind = failures.isEmpty() ? p.kind() : kind;
          failures.add(p.message());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      futures.forEach(f -> f.cancel(true));
    }
    if (failures.size() < candidates.size()) {
      failures.add(
          (candidates.size() - failures.size()) + " did not answer within " + target.timeoutText());
      kind = RedisProblem.Kind.TIMEOUT;
    }
    log.info("{}: none of the {} could {}", target.name(), what, task);
    throw new RedisProblemException(
        new RedisProblem(
            kind,
            "none of the "
                + candidates.size()
                + " "
                + what
                + " of "
                + target.name()
                + " could "
                + task
                + ": "
                + String.join("; ", failures)));
  }

  private static RedisProblem problem(Target target, Throwable e) {
    if (e instanceof RedisProblemException p) {
      return p.problem();
    }
    return RedisProblem.of(target, e);
  }

  private static String label(HostAndPort h) {
    return h.getHost() + ":" + h.getPort();
  }
}
