package dev.incidentbot.redis;

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
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.SafeEncoder;

/**
 * Checks a target's health: PING round trip (best of three) and INFO, judged by {@link
 * HealthEvaluator}. Each check has a hard deadline of the target's timeout plus {@link #GRACE}:
 * when the server hangs, its socket is closed and the report says so. Read-only.
 *
 * <p>Thread-safe. Checks run on the given executor, so a hung target never holds the caller.
 */
public final class HealthCheck {
  /** How long past the target's timeout a check may take before the bot gives up on it. */
  public static final Duration GRACE = Duration.ofMillis(300);

  private static final Logger log = LoggerFactory.getLogger(HealthCheck.class);
  private static final String[] SECTIONS = {
    "server", "clients", "memory", "persistence", "stats", "replication", "keyspace"
  };

  private final RedisNodes nodes;
  private final ExecutorService executor;
  private final NodeResolver resolver;
  private final List<ExtraFindings> extras;

  /** A check of the configured node only, with the built-in findings. */
  public HealthCheck(RedisNodes nodes, ExecutorService executor) {
    this(nodes, executor, null, List.of());
  }

  /**
   * A check that finds a Sentinel target's current master through {@code resolver} and adds the
   * {@code extras}' findings (queues, workers) to the built-in ones.
   */
  public HealthCheck(
      RedisNodes nodes,
      ExecutorService executor,
      NodeResolver resolver,
      List<ExtraFindings> extras) {
    this.nodes = nodes;
    this.executor = executor;
    this.resolver = resolver;
    this.extras = List.copyOf(extras);
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
      var connection = new AtomicReference<Jedis>();
      var future = CompletableFuture.supplyAsync(() -> checkNow(target, connection), executor);
      running.add(new Running(target, future, connection));
    }
    var reports = new ArrayList<HealthReport>();
    for (Running r : running) {
      long deadline = start + r.target.timeout().plus(GRACE).toNanos();
      reports.add(r.await(deadline));
    }
    return reports;
  }

  private HealthReport checkNow(Target target, AtomicReference<Jedis> connection) {
    long start = System.nanoTime();
    try (Jedis jedis = open(target)) {
      connection.set(jedis);
      Optional<Duration> ping = Optional.empty();
      Optional<RedisProblem> refused = Optional.empty();
      try {
        ping = Optional.of(bestPing(jedis));
      } catch (JedisDataException e) {
        // MISCONF and LOADING refuse PING but still answer INFO: keep both
        refused = Optional.of(RedisProblem.of(target, e));
      }
      InfoSnapshot info = info(jedis, SECTIONS);
      var findings =
          new ArrayList<>(HealthEvaluator.findings(info, ping.orElse(null), target.thresholds()));
      if (refused.isEmpty()) {
        findings.addAll(extraFindings(jedis, target));
        findings.sort(java.util.Comparator.comparing(Finding::level).reversed());
      }
      Scenario scenario = HealthEvaluator.scenario(refused, findings);
      return new HealthReport(target, scenario, ping, findings, refused, info, since(start));
    } catch (RedisProblemException e) {
      log.info("health of {}: {}", target.name(), e.problem().kind());
      return failed(target, e.problem(), since(start));
    } catch (RuntimeException e) {
      RedisProblem problem = RedisProblem.of(target, e);
      log.info("health of {}: {}", target.name(), problem.kind());
      return failed(target, problem, since(start));
    }
  }

  private Jedis open(Target target) {
    if (resolver == null || target.mode() != Mode.SENTINEL) {
      return nodes.open(target);
    }
    try (var session = new Session(nodes, target)) {
      var master = resolver.sentinelMaster(target, session);
      return nodes.open(target.atNode(master.getHost(), master.getPort()), master);
    }
  }

  private List<Finding> extraFindings(Jedis jedis, Target target) {
    var out = new ArrayList<Finding>();
    for (ExtraFindings extra : extras) {
      try {
        out.addAll(extra.findings(jedis, target));
      } catch (RuntimeException e) {
        log.info("health of {}: extra findings failed: {}", target.name(), e.toString());
        out.add(
            new Finding("queues", Finding.Level.WARN, "could not be read: " + e.getMessage(), ""));
      }
    }
    return out;
  }

  /** INFO with several sections in one call (Redis 7+); {@code Jedis.info(String)} sends one. */
  public static InfoSnapshot info(Jedis jedis, String... sections) {
    Object raw = jedis.sendCommand(Protocol.Command.INFO, sections);
    return InfoSnapshot.parse(SafeEncoder.encode((byte[]) raw));
  }

  private static Duration bestPing(Jedis jedis) {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long t0 = System.nanoTime();
      jedis.ping();
      best = Math.min(best, System.nanoTime() - t0);
    }
    return Duration.ofNanos(best);
  }

  private static HealthReport failed(Target target, RedisProblem problem, Duration took) {
    Optional<RedisProblem> p = Optional.of(problem);
    return new HealthReport(
        target, HealthEvaluator.scenario(p, List.of()), Optional.empty(), List.of(), p, null, took);
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private record Running(
      Target target, CompletableFuture<HealthReport> future, AtomicReference<Jedis> connection) {

    HealthReport await(long deadlineNanos) {
      long wait = Math.max(0, deadlineNanos - System.nanoTime());
      try {
        return future.get(wait, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        future.cancel(true);
        Jedis jedis = connection.get();
        if (jedis != null) {
          closeQuietly(jedis);
        }
        return failed(target, RedisProblem.timeout(target), target.timeout().plus(GRACE));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return failed(target, RedisProblem.timeout(target), target.timeout());
      } catch (ExecutionException e) {
        return failed(target, RedisProblem.of(target, e.getCause()), target.timeout());
      }
    }

    private static void closeQuietly(Jedis jedis) {
      try {
        jedis.getConnection().forceDisconnect();
      } catch (Exception ignored) {
        // the check is abandoned; closing is best effort
      }
    }
  }
}
