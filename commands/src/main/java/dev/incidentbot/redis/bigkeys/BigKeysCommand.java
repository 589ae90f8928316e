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
    var run = new ScanRun(job, progress);
    long estimate = startScans(run, target, session, primaries, pattern, by, limit);
    log.info(
        "{}: big-keys scan by {} of ~{} keys on {} node(s)",
        target.name(),
        by,
        estimate,
        run.running.size());
    awaitWithProgress(run, target, by, estimate, start);
    Map<String, TypeStats> merged = new TreeMap<>();
    boolean allStarted = run.failures.isEmpty();
    boolean complete = mergeScans(run, target, primaries, limit, merged) && allStarted;
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    log.info(
        "{}: big-keys scan saw {} keys in {} ms{}",
        target.name(),
        run.scanned.get(),
        took.toMillis(),
        run.stop.get() ? " (stopped)" : "");
    return new Result(
        merged,
        run.scanned.get(),
        complete,
        run.stop.get(),
        job.stoppedBy().orElse(""),
        took,
        run.failures,
        primaries.size());
  }

  /**
   * What the command's thread shares with the scans of one run: the keys scanned so far, the Stop
   * flag (set once the job's Stop is pressed, and asked by every scan after each batch), the scans
   * started, and a sentence per node that failed. The job and its progress reply are the command
   * thread's only.
   */
  private static final class ScanRun {
    final RunningJobs.Job job;
    final Progress progress;
    final AtomicLong scanned = new AtomicLong();
    final AtomicBoolean stop = new AtomicBoolean();
    final BooleanSupplier stopped;
    final List<CompletableFuture<BigKeysScan>> running = new ArrayList<>();
    final List<String> failures = new ArrayList<>();

    ScanRun(RunningJobs.Job job, Progress progress) {
      this.job = job;
      this.progress = progress;
      stopped =
          () -> {
            if (!stop.get() && job.stopRequested(progress)) {
              stop.set(true);
            }
            return stop.get();
          };
    }
  }

  /**
   * Starts one scan per primary on the executor, after asking its DBSIZE for the estimate; a
   * primary that does not answer is a failure and gets no scan.
   *
   * @return the estimated number of keys on the primaries that answered
   */
  private long startScans(
      ScanRun run,
      Target target,
      Session session,
      List<Node> primaries,
      String pattern,
      Statistic by,
      int limit) {
    long estimate = 0;
    for (Node node : primaries) {
      try {
        estimate += session.open(node.address()).dbSize();
      } catch (RuntimeException e) {
        run.failures.add(problem(target, node, e).message());
        continue;
      }
      run.running.add(
          CompletableFuture.supplyAsync(
              () ->
                  new BigKeysScan(by, limit, node.label(), run.scanned, run.stopped)
                      .run(session.open(node.address()), pattern),
              executor));
    }
    return estimate;
  }

  /**
   * Waits for every scan, updating the progress reply about once a second (which also notices a
   * Stop press); an interrupt stops the scans.
   */
  private static void awaitWithProgress(
      ScanRun run, Target target, Statistic by, long estimate, long start) {
    var all = CompletableFuture.allOf(run.running.toArray(CompletableFuture[]::new));
    while (true) {
      try {
        all.get(PROGRESS_EVERY_MS, TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException e) {
        run.stopped.getAsBoolean();
        run.progress.update(
            BigKeysReplies.interim(
                target, by, run.scanned.get(), estimate, start, run.job, run.stop.get()));
      } catch (ExecutionException e) {
        return; // each scan's own failure is read by mergeScans
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        run.stop.set(true);
        return;
      }
    }
  }

  /**
   * Merges what each scan found into {@code merged}, type by type; a scan that failed adds its
   * failure.
   *
   * @return whether every scan went through its node's whole keyspace
   */
  private static boolean mergeScans(
      ScanRun run, Target target, List<Node> primaries, int limit, Map<String, TypeStats> merged) {
    boolean complete = true;
    for (int i = 0; i < run.running.size(); i++) {
      try {
        BigKeysScan s = run.running.get(i).join();
        complete &= s.complete();
        s.byType()
            .forEach(
                (type, stats) ->
                    merged.computeIfAbsent(type, t -> new TypeStats(t, limit)).merge(stats));
      } catch (RuntimeException e) {
        complete = false;
        run.failures.add(
            problem(target, primaries.get(i), e.getCause() == null ? e : e.getCause()).message());
      }
    }
    return complete;
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
