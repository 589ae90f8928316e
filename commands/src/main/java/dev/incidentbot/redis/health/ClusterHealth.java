package dev.incidentbot.redis.health;

import dev.incidentbot.redis.InfoSnapshot;
import dev.incidentbot.redis.Node;
import dev.incidentbot.redis.NodeResolver;
import dev.incidentbot.redis.RedisProblem;
import dev.incidentbot.redis.RedisProblemException;
import dev.incidentbot.redis.Session;
import dev.incidentbot.redis.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health of a cluster: the node check on every primary at once, under the check's deadline,
 * merged into one report. Each finding says which node it came from; a primary that does not answer
 * in time is a critical finding of its own; the worst primary's scenario is the cluster's.
 *
 * <p>Thread-safe. Node checks run on the given executor; the caller blocks until the deadline.
 */
final class ClusterHealth {
  private static final Logger log = LoggerFactory.getLogger(ClusterHealth.class);

  private final NodeResolver resolver;
  private final NodeHealthCheck nodeCheck;
  private final ExecutorService executor;

  ClusterHealth(NodeResolver resolver, NodeHealthCheck nodeCheck, ExecutorService executor) {
    this.resolver = resolver;
    this.nodeCheck = nodeCheck;
    this.executor = executor;
  }

  HealthReport check(Target target, Session session, long deadlineNanos) {
    long start = System.nanoTime();
    List<Node> primaries = resolver.primaries(target, session);
    if (primaries.isEmpty()) {
      throw new RedisProblemException(
          new RedisProblem(
              RedisProblem.Kind.OTHER,
              "no node of " + target.name() + " serves any slot: the cluster has no primary"));
    }
    var soFar = new ArrayList<AtomicReference<HealthReport>>();
    var running = new ArrayList<CompletableFuture<HealthReport>>();
    for (Node node : primaries) {
      Target at = at(target, node);
      var partial = new AtomicReference<HealthReport>();
      soFar.add(partial);
      running.add(
          CompletableFuture.supplyAsync(
              () ->
                  nodeCheck.check(
                      at, at, session, node.address(), Optional.empty(), deadlineNanos, partial),
              executor));
    }
    var reports = new ArrayList<HealthReport>();
    for (int i = 0; i < primaries.size(); i++) {
      reports.add(await(at(target, primaries.get(i)), running.get(i), soFar.get(i), deadlineNanos));
    }
    return merge(target, primaries, reports, Duration.ofNanos(System.nanoTime() - start));
  }

  private static HealthReport await(
      Target at,
      CompletableFuture<HealthReport> future,
      AtomicReference<HealthReport> soFar,
      long deadlineNanos) {
    try {
      return future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      log.info("health of {}: no full answer before the deadline", at.describe());
      future.cancel(true);
      return Objects.requireNonNullElseGet(
          soFar.get(), () -> NodeHealthCheck.failed(at, RedisProblem.timeout(at), at.timeout()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return NodeHealthCheck.failed(at, RedisProblem.timeout(at), at.timeout());
    } catch (ExecutionException e) {
      return NodeHealthCheck.failed(at, RedisProblem.of(at, e.getCause()), at.timeout());
    }
  }

  /** One report of the whole cluster from one report per primary. */
  static HealthReport merge(
      Target target, List<Node> primaries, List<HealthReport> reports, Duration took) {
    var findings = new ArrayList<Finding>();
    for (int i = 0; i < primaries.size(); i++) {
      String label = primaries.get(i).label();
      HealthReport r = reports.get(i);
      r.findings().forEach(f -> findings.add(f.at(label)));
      r.problem()
          .ifPresent(
              p -> findings.add(new Finding("node", Finding.Level.CRIT, p.message(), "", label)));
    }
    findings.sort(Comparator.comparing(Finding::level).reversed());
    var worstFirst = new ArrayList<>(reports);
    worstFirst.sort(Comparator.comparingInt(ClusterHealth::badness).reversed());
    HealthReport worst = worstFirst.get(0);
    boolean noneAnswered =
        reports.stream().allMatch(r -> r.problem().isPresent() && r.info() == null);
    Optional<Duration> ping =
        reports.stream().flatMap(r -> r.ping().stream()).max(Comparator.naturalOrder());
    InfoSnapshot info =
        worstFirst.stream()
            .map(HealthReport::info)
            .filter(Objects::nonNull)
            .findFirst()
            .orElse(null);
    // the worst primary's cause names it: its sentences describe that node
    Cause cause = worst.cause();
    return new HealthReport(
        target,
        worst.scenario(),
        ping,
        findings,
        noneAnswered ? worst.problem() : Optional.empty(),
        info,
        took,
        worstFirst,
        cause);
  }

  /**
   * A primary that cannot be reached first (its slots are served by nobody), then any scenario but
   * healthy, then the worst finding.
   */
  private static int badness(HealthReport r) {
    boolean unreachable = r.problem().map(p -> p.kind().unreachable()).orElse(false);
    return (unreachable ? 20 : 0)
        + (r.scenario() == Scenario.HEALTHY ? 0 : 10)
        + r.worst().ordinal();
  }

  private static Target at(Target target, Node node) {
    return target.atNode(node.address().getHost(), node.address().getPort());
  }
}
