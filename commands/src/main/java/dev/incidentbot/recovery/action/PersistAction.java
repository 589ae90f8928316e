package dev.incidentbot.recovery.action;

import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.format.Bytes;
import dev.incidentbot.format.Durations;
import dev.incidentbot.recovery.Interruption;
import dev.incidentbot.recovery.Outcome;
import dev.incidentbot.recovery.Plan;
import dev.incidentbot.recovery.RecoveryAction;
import dev.incidentbot.recovery.Risk;
import dev.incidentbot.recovery.TargetFacts;
import dev.incidentbot.redis.InfoSnapshot;
import dev.incidentbot.redis.Mode;
import dev.incidentbot.redis.RedisProblem;
import dev.incidentbot.redis.Target;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import redis.clients.jedis.Jedis;

/**
 * {@code /redis persist op:bgsave|bgrewriteaof}: starts a background save or AOF rewrite, then
 * polls INFO persistence until it has finished and reports whether it succeeded and how long it
 * took. Stop ends the waiting, not the fork: Redis finishes the save on its own. On a cluster:
 * every primary (each holds its own slots' data), one after another — the next fork starts once the
 * one before has finished, so primaries sharing a host never copy-on-write at once — each reported.
 */
public final class PersistAction implements RecoveryAction {
  /** The longest the bot waits for a save before it reports that it is still running. */
  static final Duration MAX_WAIT = Duration.ofMinutes(30);

  private static final long POLL_MILLIS = 100;
  private static final String RISK = "forks a child process; the data is not changed";

  private final TargetConnector connector;

  public PersistAction(TargetConnector connector) {
    this.connector = connector;
  }

  /** The two operations and the INFO fields that tell their state. */
  enum Op {
    BGSAVE(
        "rdb_bgsave_in_progress",
        "rdb_saves",
        "rdb_last_bgsave_status",
        "rdb_last_bgsave_time_sec"),
    BGREWRITEAOF(
        "aof_rewrite_in_progress",
        "aof_rewrites",
        "aof_last_bgrewrite_status",
        "aof_last_rewrite_time_sec");

    final String running;
    final String count;
    final String status;
    final String seconds;

    Op(String running, String count, String status, String seconds) {
      this.running = running;
      this.count = count;
      this.status = status;
      this.seconds = seconds;
    }

    String command() {
      return name();
    }

    boolean busy(InfoSnapshot info) {
      return info.number(running, 0) == 1
          || (this == BGREWRITEAOF && info.number("aof_rewrite_scheduled", 0) == 1);
    }
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "redis persist",
        "start BGSAVE or BGREWRITEAOF and report when it finished, after confirmation",
        Roles.OPERATOR,
        OptionSpec.choice("op", "what to start", true, List.of("bgsave", "bgrewriteaof")),
        OptionSpec.target(false));
  }

  @Override
  public Plan plan(Request request) {
    Target target = connector.target(request.option("target"));
    Op op = Op.valueOf(request.requireOption("op").toUpperCase(Locale.ROOT));
    if (target.mode() == Mode.CLUSTER) {
      return clusterPlan(target, op);
    }
    try (Jedis jedis = connector.openPrimary(target)) {
      TargetFacts facts = TargetFacts.read(jedis);
      refuseIfBusy(op, facts, target.name());
      var plan =
          Plan.builder(spec().name(), target.name(), facts)
              .param("op", op.name().toLowerCase(Locale.ROOT))
              .willRun(op.command())
              .willRun(waitLine(op))
              .matches(
                  "dataset "
                      + Bytes.format(facts.usedMemory())
                      + "; last result "
                      + facts.info().text(op.status, "unknown"))
              .effect(effect(op, facts));
      plan.risk(Risk.LOW, RISK);
      if (forkNeedsMemory(facts)) {
        plan.risk(Risk.MEDIUM, forkReason(facts));
      }
      return plan.build();
    } catch (UserFacingException e) {
      throw e;
    } catch (RuntimeException e) {
      throw TargetConnector.unreachable(target, e);
    }
  }

  /** Every primary saves its own slots' data: one after another, each waited for. */
  private Plan clusterPlan(Target target, Op op) {
    NodeSet set = connector.primaries(target);
    var read = EachNode.read(connector, set, (jedis, node) -> TargetFacts.read(jedis));
    for (var a : read) {
      refuseIfBusy(op, a.value(), a.node().label() + " of " + target.name());
    }
    var plan =
        Plan.builder(spec().name(), target.name(), ClusterFacts.of(set, read))
            .param("op", op.name().toLowerCase(Locale.ROOT))
            .willRun(op.command() + " " + set.onEach() + ", one primary after another:")
            .willRun("each started once the one before it has finished; " + waitLine(op))
            .matches(
                read.stream()
                    .map(
                        a ->
                            NodeSet.name(a.node())
                                + ": dataset "
                                + Bytes.format(a.value().usedMemory())
                                + "; last result "
                                + a.value().info().text(op.status, "unknown"))
                    .collect(Collectors.joining("\n")))
            .effect(effect(op, read.get(0).value()) + ", on every primary");
    plan.risk(Risk.LOW, RISK);
    for (var a : read) {
      if (forkNeedsMemory(a.value())) {
        plan.risk(Risk.MEDIUM, "on " + a.node().label() + ": " + forkReason(a.value()));
      }
    }
    return plan.build();
  }

  private static void refuseIfBusy(Op op, TargetFacts facts, String where) {
    if (op.busy(facts.info())) {
      throw new UserFacingException(
          "A " + op.command() + " is already running on " + where + "; wait for it.");
    }
  }

  private static String waitLine(Op op) {
    return "then INFO persistence every "
        + POLL_MILLIS
        + " ms until "
        + op.running
        + " is 0 (at most "
        + Durations.format(MAX_WAIT)
        + ")";
  }

  private static String effect(Op op, TargetFacts facts) {
    return op == Op.BGSAVE
        ? "writes a fresh RDB snapshot"
        : "rewrites the AOF compactly"
            + (facts.info().number("aof_enabled", 0) == 1 ? "" : " (AOF is off: this writes one)");
  }

  private static boolean forkNeedsMemory(TargetFacts facts) {
    return facts.maxmemory() > 0 && facts.usedMemory() * 2 > facts.maxmemory();
  }

  private static String forkReason(TargetFacts facts) {
    return "the fork's copy-on-write can need up to "
        + Bytes.format(facts.usedMemory())
        + " more memory on the host while it runs";
  }

  /**
   * Whether the BGSAVE or BGREWRITEAOF is still in progress on each primary, and how the last one
   * ended.
   */
  @Override
  public Interruption measureAfterInterruption(Plan plan) {
    Target target = connector.target(Optional.of(plan.target()));
    Op op = Op.valueOf(plan.param("op").toUpperCase(Locale.ROOT));
    NodeSet set = connector.primaries(target);
    var read = EachNode.read(connector, set, (jedis, node) -> TargetFacts.read(jedis).info());
    long busy = read.stream().filter(a -> op.busy(a.value())).count();
    var evidence =
        read.stream()
            .map(
                a ->
                    new Field(
                        set.cluster() ? op.command() + ", " + NodeSet.name(a.node()) : op.command(),
                        (op.busy(a.value()) ? "in progress" : "not running")
                            + "; last status "
                            + a.value().text(op.status, "unknown"),
                        true))
            .toList();
    return new Interruption(
        busy == 0
            ? op.command()
                + " is not running now; the last one ended "
                + read.get(0).value().text(op.status, "unknown")
                + (read.size() == 1 ? "" : " (first node)")
            : op.command() + " is still in progress on " + busy + " of " + set.describe(),
        evidence);
  }

  @Override
  public Outcome execute(Plan plan, Progress progress) {
    Target target = connector.target(Optional.of(plan.target()));
    Op op = Op.valueOf(plan.param("op").toUpperCase(Locale.ROOT));
    NodeSet set = connector.primaries(target);
    return EachNode.run(
        connector,
        set,
        progress,
        null,
        total -> op.command() + " on the " + set.describe() + " of " + target.name(),
        (jedis, at, where, p) -> {
          Outcome outcome = persist(jedis, at, where, op, p);
          return new EachNode.Part(outcome, outcome.succeeded() ? 1 : 0);
        });
  }

  /** Starts {@code op} on one node and waits for it. */
  private static Outcome persist(
      Jedis jedis, Target target, String where, Op op, Progress progress) {
    long countBefore;
    try {
      InfoSnapshot before = TargetFacts.read(jedis).info();
      countBefore = before.number(op.count, 0);
      if (op == Op.BGSAVE) {
        jedis.bgsave();
      } else {
        jedis.bgrewriteaof();
      }
    } catch (RuntimeException e) {
      throw new UserFacingException(
          op.command() + " did not start: " + RedisProblem.of(target, e).message(), e);
    }
    long start = System.nanoTime();
    try {
      return await(jedis, where, op, countBefore, start, progress);
    } catch (RuntimeException e) {
      String why =
          e instanceof UserFacingException ? e.getMessage() : RedisProblem.of(target, e).message();
      return Outcome.failure(
          op.command()
              + " started, then the bot stopped watching it: "
              + why
              + " Redis may carry on; check with /redis health.",
          List.of(
              new Field(
                  "Waited", Durations.format(Duration.ofNanos(System.nanoTime() - start)), true)));
    }
  }

  /** Polls INFO until the operation finished, the wait ran out or Stop was pressed. */
  private static Outcome await(
      Jedis jedis, String where, Op op, long countBefore, long start, Progress progress) {
    long deadline = start + MAX_WAIT.toNanos();
    while (true) {
      InfoSnapshot info = TargetFacts.read(jedis).info();
      boolean finished = !op.busy(info) && info.number(op.count, 0) > countBefore;
      Duration waited = Duration.ofNanos(System.nanoTime() - start);
      if (finished) {
        return finished(where, op, info, waited);
      }
      if (progress.stopRequested() || System.nanoTime() > deadline) {
        return Outcome.failure(
            op.command()
                + " is still running after "
                + Durations.format(waited)
                + "; the bot stopped waiting, Redis carries on. Check with /redis health.",
            List.of(new Field("Waited", Durations.format(waited), true)));
      }
      progress.update(
          Reply.builder(op.command() + " running on " + where)
              .text("running for " + Durations.format(waited))
              .build());
      sleep();
    }
  }

  private static Outcome finished(String where, Op op, InfoSnapshot info, Duration waited) {
    String status = info.text(op.status, "unknown");
    var evidence =
        List.of(
            new Field(op.status, status, true),
            new Field(
                "Took",
                info.number(op.seconds, -1) + " s (waited " + Durations.format(waited) + ")",
                true),
            new Field(op.count, String.valueOf(info.number(op.count, 0)), true));
    if (!"ok".equals(status)) {
      return Outcome.failure(
          op.command()
              + " finished but failed ("
              + op.status
              + ":"
              + status
              + "); check free disk space and the Redis log on "
              + where,
          evidence);
    }
    return Outcome.success(op.command() + " finished successfully on " + where, evidence);
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserFacingException("The bot is shutting down; it stopped waiting for the save.");
    }
  }
}
