package dev.incidentbot.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

/**
 * Runs a read-only call on every node a target's node-level commands go to (see {@link
 * NodeResolver}), all at once, under one hard deadline: the target's timeout plus {@link #GRACE},
 * node resolution included. A node that hangs has its connection cut and is reported as timed out
 * while the others' answers are kept.
 *
 * <p>Thread-safe. Calls run on the given executor; the caller blocks until the deadline at most.
 */
public final class NodeCalls {
  /** How long past the target's timeout a diagnostic may take before the bot gives up. */
  public static final Duration GRACE = Duration.ofMillis(300);

  private static final long NODE_MARGIN_NANOS = TimeUnit.MILLISECONDS.toNanos(150);
  private static final Logger log = LoggerFactory.getLogger(NodeCalls.class);

  private final RedisNodes nodes;
  private final NodeResolver resolver;
  private final ExecutorService executor;

  public NodeCalls(RedisNodes nodes, NodeResolver resolver, ExecutorService executor) {
    this.nodes = nodes;
    this.resolver = resolver;
    this.executor = executor;
  }

  /** One node-level call. Runs on a pool thread with a connection the caller must not close. */
  @FunctionalInterface
  public interface Call<T> {
    T apply(Jedis jedis, Node node);
  }

  /** Asks every primary of {@code target}; returns within its timeout plus {@link #GRACE}. */
  public <T> NodeAnswers<T> onPrimaries(Target target, Call<T> call) {
    return bounded(target, d -> ask(d, resolver.primaries(target, d.session()), call));
  }

  /** Work of any shape against one target, under the same deadline and connection cut-off. */
  public <T> NodeAnswers<T> bounded(Target target, Work<T> work) {
    long start = System.nanoTime();
    long deadline = start + target.timeout().plus(GRACE).toNanos();
    var session = new Session(nodes, target);
    var future =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return work.run(new Deadlined(session, deadline - NODE_MARGIN_NANOS));
              } catch (RedisProblemException e) {
                return NodeAnswers.<T>unavailable(target, e.problem());
              } catch (RuntimeException e) {
                return NodeAnswers.<T>unavailable(target, RedisProblem.of(target, e));
              }
            },
            executor);
    try {
      return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      log.info("{}: no answer within {}, connections cut", target.name(), target.timeoutText());
      future.cancel(true);
      session.abort();
      return NodeAnswers.unavailable(target, RedisProblem.timeout(target));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      session.abort();
      return NodeAnswers.unavailable(target, RedisProblem.timeout(target));
    } catch (ExecutionException e) {
      return NodeAnswers.unavailable(target, RedisProblem.of(target, e.getCause()));
    } finally {
      if (future.isDone()) {
        session.close();
      } else {
        future.whenComplete((r, t) -> session.close());
      }
    }
  }

  /** Work run under a deadline with a {@link Deadlined} session. */
  @FunctionalInterface
  public interface Work<T> {
    NodeAnswers<T> run(Deadlined session);
  }

  /** A session and the moment by which its node calls must have answered. */
  public record Deadlined(Session session, long deadlineNanos) {}

  /**
   * Runs {@code call} on each node at once; a node late past the deadline is reported timed out.
   */
  public <T> NodeAnswers<T> ask(Deadlined d, List<Node> targets, Call<T> call) {
    return ask(d, targets, call, false);
  }

  /** Like {@link #ask(Deadlined, List, Call)}, for sentinels (no credentials, database 0). */
  public <T> NodeAnswers<T> askSentinels(Deadlined d, List<Node> sentinels, Call<T> call) {
    return ask(d, sentinels, call, true);
  }

  private <T> NodeAnswers<T> ask(Deadlined d, List<Node> targets, Call<T> call, boolean sentinels) {
    Target target = d.session().target();
    var futures = new ArrayList<CompletableFuture<T>>();
    for (Node node : targets) {
      futures.add(
          CompletableFuture.supplyAsync(
              () -> {
                Session s = d.session();
                return call.apply(
                    sentinels ? s.openSentinel(node.address()) : s.open(node.address()), node);
              },
              executor));
    }
    var results = new ArrayList<NodeResult<T>>();
    for (int i = 0; i < targets.size(); i++) {
      Node node = targets.get(i);
      Target at = target.atNode(node.address().getHost(), node.address().getPort());
      try {
        long wait = Math.max(0, d.deadlineNanos() - System.nanoTime());
        results.add(NodeResult.ok(node, futures.get(i).get(wait, TimeUnit.NANOSECONDS)));
      } catch (TimeoutException e) {
        log.info("{}: node {} did not answer in time", target.name(), node.label());
        results.add(NodeResult.failed(node, RedisProblem.timeout(at)));
      } catch (ExecutionException e) {
        log.info("{}: node {} failed: {}", target.name(), node.label(), e.getCause().toString());
        results.add(NodeResult.failed(node, RedisProblem.of(at, e.getCause())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        results.add(NodeResult.failed(node, RedisProblem.timeout(at)));
      }
    }
    if (!results.isEmpty() && results.stream().noneMatch(NodeResult::ok)) {
      // nothing answered: say why, as for a target that could not be reached at all, and keep
      // each node's failure so that replies can name every node
      return new NodeAnswers<>(target, results, java.util.Optional.of(results.get(0).problem()));
    }
    return new NodeAnswers<>(target, results, java.util.Optional.empty());
  }

  public NodeResolver resolver() {
    return resolver;
  }

  public RedisNodes nodes() {
    return nodes;
  }
}
