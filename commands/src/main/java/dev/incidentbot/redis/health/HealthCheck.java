package dev.incidentbot.redis.health;

import dev.incidentbot.redis.InfoSnapshot;
import dev.incidentbot.redis.Mode;
import dev.incidentbot.redis.NodeResolver;
import dev.incidentbot.redis.RedisNodes;
import dev.incidentbot.redis.RedisProblem;
import dev.incidentbot.redis.RedisProblemException;
import dev.incidentbot.redis.SentinelView;
import dev.incidentbot.redis.Session;
import dev.incidentbot.redis.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.util.SafeEncoder;

/**
 * Checks a target's health: PING round trip (best of several, after a warm-up round trip) and INFO,
 * judged by {@link HealthEvaluator}, plus the extra findings (queues, workers). A standalone target
 * is checked at its node, a Sentinel target at the master its sentinels name (with the replicas
 * they know), a Cluster target at every primary at once ({@link ClusterHealth}).
 *
 * <p>Each check has a hard deadline of the target's timeout plus {@link #GRACE}. When it passes,
 * the check's connections are cut; a server that answered PING and INFO but not the extra reads
 * still gets its report, with the extras marked unread. Read-only.
 *
 * <p>Thread-safe. Checks run on the given executor, so a hung target never holds the caller.
 */
public final class HealthCheck {
  /** How long past the target's timeout a check may take before the bot gives up on it. */
  public static final Duration GRACE = Duration.ofMillis(300);

  /** Kept back from the deadline so that a merged or partial report is still returned in time. */
  private static final long MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(150);

  private static final Logger log = LoggerFactory.getLogger(HealthCheck.class);

  private final RedisNodes nodes;
  private final ExecutorService executor;
  private final NodeResolver resolver;
  private final NodeHealthCheck nodeCheck;
  private final ClusterHealth cluster;

  /** A check of the configured node only, with the built-in findings. */
  public HealthCheck(RedisNodes nodes, ExecutorService executor) {
    this(nodes, executor, null, List.of());
  }

  /**
   * A check that finds a Sentinel target's master and a Cluster target's primaries through {@code
   * resolver}, and adds the {@code extras}' findings (queues, workers) to the built-in ones.
   */
  public HealthCheck(
      RedisNodes nodes,
      ExecutorService executor,
      NodeResolver resolver,
      List<ExtraFindings> extras) {
    this.nodes = nodes;
    this.executor = executor;
    this.resolver = resolver;
    this.nodeCheck = new NodeHealthCheck(extras, executor);
    this.cluster = resolver == null ? null : new ClusterHealth(resolver, nodeCheck, executor);
  }

  /** Checks one target, returning within its timeout plus {@link #GRACE}. */
  public HealthReport check(Target target) {
    return checkAll(List.of(target)).get(0);
  }

  /** Checks every target at once; returns within the longest timeout plus {@link #GRACE}. */
  public List<HealthReport> checkAll(List<Target> targets) {
    long start = System.nanoTime();
    var running = new ArrayList<Running>();
    for (Target target : targets) {
      long deadline = start + target.timeout().plus(GRACE).toNanos();
      var session = new Session(nodes, target);
      var soFar = new AtomicReference<HealthReport>();
      var future =
          CompletableFuture.supplyAsync(
              () -> checkNow(target, session, deadline - MARGIN_NANOS, soFar), executor);
      future.whenComplete((report, error) -> session.close());
      running.add(new Running(target, future, session, soFar, deadline));
    }
    var reports = new ArrayList<HealthReport>();
    for (Running r : running) {
      reports.add(r.await());
    }
    return reports;
  }

  private HealthReport checkNow(
      Target target, Session session, long deadlineNanos, AtomicReference<HealthReport> soFar) {
    long start = System.nanoTime();
    try {
      if (cluster != null && target.mode() == Mode.CLUSTER) {
        return cluster.check(target, session, deadlineNanos);
      }
      if (resolver != null && target.mode() == Mode.SENTINEL) {
        SentinelView view = resolver.sentinelView(target, session);
        HostAndPort master = view.master();
        Target at = target.atNode(master.getHost(), master.getPort());
        HealthReport report =
            nodeCheck.check(
                target, at, session, master, Optional.of(view.replicas()), deadlineNanos, soFar);
        return failingOver(target, view, report);
      }
      var endpoint = new HostAndPort(target.endpoint().host(), target.endpoint().port());
      return nodeCheck.check(
          target, target, session, endpoint, Optional.empty(), deadlineNanos, soFar);
    } catch (RedisProblemException e) {
      log.info("health of {}: {}", target.name(), e.problem().kind());
      return NodeHealthCheck.failed(target, e.problem(), since(start));
    } catch (RuntimeException e) {
      RedisProblem problem = RedisProblem.of(target, e);
      log.info("health of {}: {}", target.name(), problem.kind());
      return NodeHealthCheck.failed(target, problem, since(start));
    }
  }

  /**
   * A Sentinel target whose master does not answer while Sentinel can fail over (it flags the
   * master down, is failing over, or sees a replica up): the report says Sentinel is handling it,
   * so that nobody starts a manual failover that races Sentinel's own.
   */
  private static HealthReport failingOver(Target target, SentinelView view, HealthReport report) {
    var problem = report.problem();
    if (problem.isEmpty()
        || !problem.get().kind().unreachable()
        || problem.get().kind() == RedisProblem.Kind.AUTH
        || problem.get().kind() == RedisProblem.Kind.NOT_REDIS) {
      return report;
    }
    boolean replicaUp = view.replicas().stream().anyMatch(r -> !r.downPerSentinel());
    if (!view.masterDown() && !view.failingOver() && !replicaUp) {
      return report;
    }
    Cause cause = Causes.failover(target, problem.get(), view);
    return new HealthReport(
        target,
        cause.scenario(),
        report.ping(),
        report.findings(),
        problem,
        report.info(),
        report.took(),
        report.nodes(),
        cause);
  }

  /** INFO with several sections in one call (Redis 7+); {@code Jedis.info(String)} sends one. */
  public static InfoSnapshot info(Jedis jedis, String... sections) {
    Object raw = jedis.sendCommand(Protocol.Command.INFO, sections);
    return InfoSnapshot.parse(SafeEncoder.encode((byte[]) raw));
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private record Running(
      Target target,
      CompletableFuture<HealthReport> future,
      Session session,
      AtomicReference<HealthReport> soFar,
      long deadlineNanos) {

    HealthReport await() {
      long wait = Math.max(0, deadlineNanos - System.nanoTime());
      try {
        return future.get(wait, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        future.cancel(true);
        session.abort();
        HealthReport partial = soFar.get();
        if (partial != null) {
          log.info("health of {}: extra findings cut off at the deadline", target.name());
          return partial;
        }
        return NodeHealthCheck.failed(
            target, RedisProblem.timeout(target), target.timeout().plus(GRACE));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        session.abort();
        return NodeHealthCheck.failed(target, RedisProblem.timeout(target), target.timeout());
      } catch (ExecutionException e) {
        return NodeHealthCheck.failed(
            target, RedisProblem.of(target, e.getCause()), target.timeout());
      }
    }
  }
}
