package dev.incidentbot.redis.health;

import dev.incidentbot.redis.InfoSnapshot;
import dev.incidentbot.redis.RedisProblem;
import dev.incidentbot.redis.RedisProblemException;
import dev.incidentbot.redis.SentinelView;
import dev.incidentbot.redis.Session;
import dev.incidentbot.redis.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * The health check of one node. It watches the node over a short window ({@link WindowSampler}:
 * latency probes at random moments, INFO at both ends, new slow log entries and latency events, a
 * write-path probe), judges what it saw ({@link HealthEvaluator}), names the cause ({@link
 * Causes}), then reads the extra findings (queues, workers) under a budget of their own. Before the
 * extras start, the report so far is published, so that a server that answers and then stalls still
 * gets a report instead of "no answer". A server that answers nothing is asked one unknown command
 * on a raw connection: answered at once, its event loop runs and CLIENT PAUSE holds the rest.
 *
 * <p>Thread-safe and stateless; runs on the caller's thread (the write probe on the executor).
 */
final class NodeHealthCheck {
  private static final Logger log = LoggerFactory.getLogger(NodeHealthCheck.class);
  private static final String[] SECTIONS = {
    "server", "clients", "memory", "persistence", "stats", "replication", "keyspace", "errorstats"
  };

  private static final int MIN_SAMPLES = 3;
  private static final int MAX_SAMPLES = 10;
  private static final long SAMPLING_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  /** How long the latency probes are spread over, at most. */
  static final Duration WINDOW = Duration.ofMillis(500);

  /** Below this, a window says nothing a few PINGs would not: the check falls back to them. */
  private static final Duration MIN_WINDOW = Duration.ofMillis(50);

  private final List<ExtraFindings> extras;
  private final Executor executor;

  NodeHealthCheck(List<ExtraFindings> extras, Executor executor) {
    this.extras = List.copyOf(extras);
    this.executor = executor;
  }

  /**
   * Checks the node at {@code address}.
   *
   * @param reported the target the report names
   * @param at the target as seen at this node, for problem messages and connections
   * @param sentinelKnows the replicas Sentinel knows, for a Sentinel target's master
   * @param deadlineNanos by when the whole check must be done
   * @param soFar receives the report without the extra findings, before they are read
   */
  HealthReport check(
      Target reported,
      Target at,
      Session session,
      HostAndPort address,
      Optional<List<SentinelView.KnownReplica>> sentinelKnows,
      long deadlineNanos,
      AtomicReference<HealthReport> soFar) {
    long start = System.nanoTime();
    try {
      Jedis jedis = session.open(address);
      Observed seen = observe(jedis, session, at, address, deadlineNanos);
      var findings =
          new ArrayList<>(
              HealthEvaluator.findings(
                  seen.info(),
                  seen.ping().orElse(null),
                  seen.window(),
                  at.thresholds(),
                  sentinelKnows));
      MasterLook.of(session, seen.info(), deadlineNanos).ifPresent(findings::add);
      if (seen.refused().isEmpty() && !extras.isEmpty()) {
        soFar.set(report(reported, at, seen, withQueuesPending(findings), start));
        findings.addAll(extraFindings(jedis, at, extrasDeadline(at, deadlineNanos)));
      }
      return report(reported, at, seen, findings, start);
    } catch (RedisProblemException e) {
      log.info("health of {}: {}", at.describe(), e.problem().kind());
      return failed(reported, e.problem(), since(start));
    } catch (RuntimeException e) {
      RedisProblem problem = problemOf(at, address, deadlineNanos, e);
      log.info("health of {}: {}", at.describe(), problem.kind());
      return failed(reported, problem, since(start));
    }
  }

  /**
   * What one look at the node saw: whether it refused PING (MISCONF, LOADING), its round trip, its
   * INFO, and the window when there was time for one.
   *
   * @param window null when the check fell back to a few PINGs and one INFO
   */
  private record Observed(
      Optional<RedisProblem> refused, Optional<Duration> ping, InfoSnapshot info, Window window) {}

  /**
   * Warms the connection up, then watches the node over a window when there is time for one, else
   * takes the best of a few PINGs (unless PING was refused) and one INFO.
   */
  private Observed observe(
      Jedis jedis, Session session, Target at, HostAndPort address, long deadlineNanos) {
    Optional<RedisProblem> refused = Optional.empty();
    try {
      jedis.ping(); // warm-up, not counted
    } catch (JedisDataException e) {
      // MISCONF and LOADING refuse PING but still answer INFO: keep both
      refused = Optional.of(RedisProblem.of(at, e));
    }
    Duration length = windowLength(deadlineNanos);
    if (refused.isEmpty() && length.compareTo(MIN_WINDOW) >= 0) {
      Jedis probe = session.open(address);
      probe.ping(); // warm-up, not counted
      Jedis writer = session.open(address);
      Window window = WindowSampler.sample(jedis, probe, writer, executor, length);
      Duration ping = Duration.ofNanos((long) (window.quantile(0.5) * 1e6));
      return new Observed(refused, Optional.of(ping), window.after(), window);
    }
    Optional<Duration> ping =
        refused.isEmpty() ? Optional.of(bestPing(jedis, deadlineNanos)) : Optional.empty();
    return new Observed(refused, ping, HealthCheck.info(jedis, SECTIONS), null);
  }

  /** The findings so far, and the queues as not read yet: the report if the extras stall. */
  private static List<Finding> withQueuesPending(List<Finding> findings) {
    var pending = new ArrayList<>(findings);
    pending.add(
        new Finding(
            "queues",
            Finding.Level.WARN,
            "not read before the deadline: the server answered PING and INFO, then stalled",
            ""));
    return pending;
  }

  /**
   * The problem {@code e} stands for; a timeout from a server whose event loop still answers is a
   * CLIENT PAUSE holding the commands.
   */
  private static RedisProblem problemOf(
      Target at, HostAndPort address, long deadlineNanos, RuntimeException e) {
    RedisProblem problem = RedisProblem.of(at, e);
    if (problem.kind() == RedisProblem.Kind.TIMEOUT
        && PauseProbe.eventLoopAnswers(at, address, deadlineNanos)) {
      return RedisProblem.paused(at);
    }
    return problem;
  }

  /** {@link #WINDOW}, or a third of the time left when that is shorter. */
  private static Duration windowLength(long deadlineNanos) {
    long third = Math.max(0, deadlineNanos - System.nanoTime()) / 3;
    return Duration.ofNanos(Math.min(WINDOW.toNanos(), third));
  }

  /** Half the target's timeout from now, and never past the check's own deadline. */
  private static long extrasDeadline(Target target, long checkDeadline) {
    long half = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(target.timeout().toMillis() / 2);
    return Math.min(half, checkDeadline);
  }

  private List<Finding> extraFindings(Jedis jedis, Target target, long deadlineNanos) {
    var out = new ArrayList<Finding>();
    for (ExtraFindings extra : extras) {
      try {
        out.addAll(extra.findings(jedis, target, deadlineNanos));
      } catch (RuntimeException e) {
        log.info("health of {}: extra findings failed: {}", target.name(), e.toString());
        out.add(
            new Finding(
                "queues",
                Finding.Level.WARN,
                "could not be read: " + RedisProblem.of(target, e).message(),
                ""));
      }
    }
    return out;
  }

  private static HealthReport report(
      Target target, Target at, Observed seen, List<Finding> findings, long start) {
    var sorted = new ArrayList<>(findings);
    sorted.sort(Comparator.comparing(Finding::level).reversed());
    Cause cause = Causes.of(at, seen.refused(), seen.info(), seen.window(), sorted);
    return new HealthReport(
        target,
        cause.scenario(),
        seen.ping(),
        sorted,
        seen.refused(),
        seen.info(),
        since(start),
        List.of(),
        cause);
  }

  /**
   * The PING round trip, judged on a warm connection: the first round trip is not counted (it pays
   * for connection set-up, class loading and cold code in the bot, not for Redis), then the best of
   * {@value #MIN_SAMPLES} to {@value #MAX_SAMPLES} samples taken over about 20 ms, fewer when a
   * sample would end past a quarter of the time left before {@code deadlineNanos}. A slow server
   * still shows: each sample waits for its answer.
   */
  static Duration bestPing(Jedis jedis, long deadlineNanos) {
    jedis.ping(); // warm-up, not counted
    long start = System.nanoTime();
    // a slow server gets fewer samples: most of the check's time is left for INFO and the extras
    long samplingDeadline = start + Math.max(0, deadlineNanos - start) / 4;
    long best = Long.MAX_VALUE;
    for (int i = 0; i < MAX_SAMPLES; i++) {
      long t0 = System.nanoTime();
      jedis.ping();
      long t1 = System.nanoTime();
      best = Math.min(best, t1 - t0);
      boolean enough = i + 1 >= MIN_SAMPLES && t1 - start >= SAMPLING_NANOS;
      if (enough || t1 + (t1 - t0) > samplingDeadline) {
        break;
      }
    }
    return Duration.ofNanos(best);
  }

  static HealthReport failed(Target target, RedisProblem problem, Duration took) {
    return failed(
        target, problem, took, Causes.of(target, Optional.of(problem), null, null, List.of()));
  }

  static HealthReport failed(Target target, RedisProblem problem, Duration took, Cause cause) {
    Optional<RedisProblem> p = Optional.of(problem);
    return new HealthReport(
        target, cause.scenario(), Optional.empty(), List.of(), p, null, took, List.of(), cause);
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
