package dev.incidentbot.redis.bigkeys;

import dev.incidentbot.chat.Attachment;
import dev.incidentbot.chat.Button;
import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.RunningJobs;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.format.Bytes;
import dev.incidentbot.redis.Node;
import dev.incidentbot.redis.NodeResolver;
import dev.incidentbot.redis.RedisNodes;
import dev.incidentbot.redis.RedisProblem;
import dev.incidentbot.redis.RedisProblemException;
import dev.incidentbot.redis.Session;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /redis bigkeys [pattern] [by:count|memory] [limit]}: the biggest keys per type on every
 * primary, scanned at once ({@link BigKeysScan}). The command's thread reports progress about once
 * a second with a Stop button; the scanning threads ask after every batch whether Stop was pressed,
 * so a scan stops within one batch of the press, not at the next progress tick.
 */
public final class BigKeysCommand implements Command {
  static final int DEFAULT_LIMIT = 5;
  static final int MAX_LIMIT = 100;
  static final int INLINE_LIMIT = 10;
  private static final long PROGRESS_EVERY_MS = 1000;
  private static final Logger log = LoggerFactory.getLogger(BigKeysCommand.class);

  private final Targets targets;
  private final RedisNodes nodes;
  private final NodeResolver resolver;
  private final RunningJobs jobs;
  private final ExecutorService executor;

  public BigKeysCommand(
      Targets targets,
      RedisNodes nodes,
      NodeResolver resolver,
      RunningJobs jobs,
      ExecutorService executor) {
    this.targets = targets;
    this.nodes = nodes;
    this.resolver = resolver;
    this.jobs = jobs;
    this.executor = executor;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "redis bigkeys",
        "biggest keys per type by element count or memory (SCAN, pipelined, stoppable)",
        Roles.VIEWER,
        OptionSpec.target(false),
        OptionSpec.text("pattern", "key pattern for SCAN MATCH (default *)", false),
        OptionSpec.choice("by", "count (default) or memory", false, List.of("count", "memory")),
        OptionSpec.integer(
            "limit", "keys shown per type, 1-" + MAX_LIMIT + " (default 5)", false, 1, MAX_LIMIT));
  }

  /** The outcome of a whole scan. */
  record Result(
      Map<String, TypeStats> byType,
      long scanned,
      boolean complete,
      boolean stopped,
      String stoppedBy,
      Duration took,
      List<String> failures,
      int nodes) {}

  @Override
  public Reply handle(Request request, Progress progress) {
    Target target = targets.require(request.option("target"));
    String pattern = request.option("pattern").orElse("*");
    Statistic by =
        request.option("by").map("memory"::equals).orElse(false)
            ? Statistic.MEMORY
            : Statistic.COUNT;
    int limit = request.option("limit").map(Integer::parseInt).orElse(DEFAULT_LIMIT);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new UserFacingException("limit must be between 1 and " + MAX_LIMIT + ".");
    }
    try (var session = new Session(nodes, target);
        var job = jobs.start("the big-keys scan of " + target.name())) {
      List<Node> primaries;
      try {
        primaries = resolver.primaries(target, session);
      } catch (RedisProblemException e) {
        return failed(target, e.problem());
      }
      Result result = scan(target, session, primaries, pattern, by, limit, job, progress);
      return BigKeysReplies.result(target, pattern, by, limit, result);
    }
  }

  private Result scan(
      Target target,
      Session session,
      List<Node> primaries,
      String pattern,
      Statistic by,
      int limit,
      RunningJobs.Job job,
      Progress progress) {
    long start = System.nanoTime();
    var scanned = new AtomicLong();
    var stop = new AtomicBoolean();
    BooleanSupplier stopped =
        () -> {
          if (!stop.get() && job.stopRequested(progress)) {
            stop.set(true);
          }
          return stop.get();
        };
    long estimate = 0;
    var running = new ArrayList<CompletableFuture<BigKeysScan>>();
    var failures = new ArrayList<String>();
    for (Node node : primaries) {
      try {
        estimate += session.open(node.address()).dbSize();
      } catch (RuntimeException e) {
        failures.add(problem(target, node, e).message());
        continue;
      }
      running.add(
          CompletableFuture.supplyAsync(
              () ->
                  new BigKeysScan(by, limit, node.label(), scanned, stopped)
                      .run(session.open(node.address()), pattern),
              executor));
    }
    log.info(
        "{}: big-keys scan by {} of ~{} keys on {} node(s)",
        target.name(),
        by,
        estimate,
        running.size());
    var all = CompletableFuture.allOf(running.toArray(CompletableFuture[]::new));
    while (true) {
      try {
        all.get(PROGRESS_EVERY_MS, TimeUnit.MILLISECONDS);
        break;
      } catch (TimeoutException e) {
        stopped.getAsBoolean();
        progress.update(
            BigKeysReplies.interim(target, by, scanned.get(), estimate, start, job, stop.get()));
      } catch (ExecutionException e) {
        break; // each scan's own failure is read below
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stop.set(true);
        break;
      }
    }
    Map<String, TypeStats> merged = new TreeMap<>();
    boolean complete = failures.isEmpty();
    for (int i = 0; i < running.size(); i++) {
      try {
        BigKeysScan s = running.get(i).join();
        complete &= s.complete();
        s.byType()
            .forEach(
                (type, stats) ->
                    merged.computeIfAbsent(type, t -> new TypeStats(t, limit)).merge(stats));
      } catch (RuntimeException e) {
        complete = false;
        failures.add(
            problem(target, primaries.get(i), e.getCause() == null ? e : e.getCause()).message());
      }
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    log.info(
        "{}: big-keys scan saw {} keys in {} ms{}",
        target.name(),
        scanned.get(),
        took.toMillis(),
        stop.get() ? " (stopped)" : "");
    return new Result(
        merged,
        scanned.get(),
        complete,
        stop.get(),
        job.stoppedBy().orElse(""),
        took,
        failures,
        primaries.size());
  }

  private static RedisProblem problem(Target target, Node node, Throwable e) {
    return RedisProblem.of(target.atNode(node.address().getHost(), node.address().getPort()), e);
  }

  private static Reply failed(Target target, RedisProblem problem) {
    return Reply.builder(target.name() + ": no big-keys scan")
        .severity(Severity.CRITICAL)
        .text(problem.message())
        .build();
  }

  /** Formats sizes per statistic: bytes as KiB/MiB, counts as plain numbers. */
  static String size(Statistic by, String type, long size) {
    if (by == Statistic.MEMORY || type.equals("string")) {
      return Bytes.format(size);
    }
    return String.format(Locale.ROOT, "%,d %s", size, by.unit(type));
  }

  static Button stopButton(RunningJobs.Job job) {
    return new Button("Stop", Button.Style.DANGER, job.stopAction());
  }

  static Attachment file(String name, String text) {
    return Attachment.text(name, text);
  }
}
