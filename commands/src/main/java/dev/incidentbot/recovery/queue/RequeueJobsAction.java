package dev.incidentbot.recovery.queue;

import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.format.Counts;
import dev.incidentbot.recovery.Interruption;
import dev.incidentbot.recovery.NothingToDo;
import dev.incidentbot.recovery.Outcome;
import dev.incidentbot.recovery.Plan;
import dev.incidentbot.recovery.RecoveryAction;
import dev.incidentbot.recovery.Risk;
import dev.incidentbot.recovery.action.TargetConnector;
import dev.incidentbot.redis.Target;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

/**
 * {@code /redis requeue queue: state:stalled|failed}: puts jobs back where workers take them.
 * BullMQ — stalled (active without a lock: the worker died) and failed jobs go back to wait (or
 * paused) and the queue's marker gets {@code 0 0}, so idle workers wake at once rather than after
 * their blocking timeout. RQ — abandoned started jobs are first failed (as RQ's cleanup does), then
 * failed jobs are requeued (as {@code rq requeue} does). On a cluster it runs on the primary
 * serving the queue's slot ({@link QueueNode}).
 */
public final class RequeueJobsAction implements RecoveryAction {
  /** More jobs than this running again at once is high risk. */
  static final int MANY = 1000;

  private static final Logger log = LoggerFactory.getLogger(RequeueJobsAction.class);

  private final TargetConnector connector;
  private final Clock clock;

  public RequeueJobsAction(TargetConnector connector, Clock clock) {
    this.connector = connector;
    this.clock = clock;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "redis requeue",
        "put stalled or failed jobs of a BullMQ or RQ queue back to wait, after confirmation",
        Roles.OPERATOR,
        QueueOptions.queue(),
        OptionSpec.choice("state", "which jobs", true, List.of("stalled", "failed")),
        QueueOptions.system(),
        QueueOptions.prefix(),
        OptionSpec.target(false));
  }

  @Override
  public Plan plan(Request request) {
    Target target = connector.target(request.option("target"));
    String state = request.requireOption("state");
    try (QueueNode node = QueueNode.open(connector, target, request.options())) {
      Jedis jedis = node.jedis();
      QueueRef q = node.queue();
      Selection sel = select(jedis, q, state);
      if (sel.ids().isEmpty()) {
        throw new NothingToDo(
            "No "
                + state
                + " job in "
                + q.describe()
                + " on "
                + target.name()
                + " (of "
                + Counts.of(
                    sel.total(), totalWord(q, state) + " job", totalWord(q, state) + " jobs")
                + "): nothing to do.");
      }
      var plan =
          Plan.builder(spec().name(), target.name(), node.facts())
              .param("queue", q.name())
              .param("system", q.system().name().toLowerCase(java.util.Locale.ROOT))
              .param("prefix", q.prefix())
              .param("state", state)
              .matches(
                  jobs(sel.ids().size(), state)
                      + " in "
                      + q.describe()
                      + " (of "
                      + Counts.format(sel.total())
                      + " "
                      + totalWord(q, state)
                      + ")")
              .effect(
                  sel.ids().size() == 1
                      ? "workers run that job again"
                      : "workers run those " + Counts.format(sel.ids().size()) + " jobs again")
              .risk(Risk.MEDIUM, "the jobs run again: they must be safe to repeat");
      node.willRun().ifPresent(plan::willRun);
      willRun(q, state).forEach(plan::willRun);
      sel.samples().forEach(plan::sample);
      if (sel.ids().size() > MANY) {
        plan.risk(
            Risk.HIGH,
            Counts.format(sel.ids().size())
                + " jobs run again at once: a load spike for workers and the systems they call");
      }
      return plan.build();
    } catch (UserFacingException e) {
      throw e;
    } catch (RuntimeException e) {
      throw TargetConnector.unreachable(target, e);
    }
  }

  /** The queue's counts now. */
  @Override
  public Interruption measureAfterInterruption(Plan plan) {
    return QueueOptions.measure(connector, plan, clock);
  }

  @Override
  public Outcome execute(Plan plan, Progress progress) {
    Target target = connector.target(Optional.of(plan.target()));
    String state = plan.param("state");
    try (QueueNode node = QueueNode.open(connector, target, plan.params())) {
      Jedis jedis = node.jedis();
      QueueRef q = node.queue();
      Map<String, Long> before = QueueOptions.counts(jedis, q, clock);
      Selection sel = select(jedis, q, state);
      var requeue = new Requeue(jedis, q, state, sel.ids(), progress);
      try {
        requeue.run(clock.instant());
      } catch (QueueBusyException e) {
        // RQ's stalled jobs went to failed first: that much changed even if none was requeued
        return Outcome.stoppedAfter(e.doneSoFar() + requeue.failedFirst, e.getMessage(), List.of());
      } catch (UserFacingException e) {
        throw e;
      } catch (RuntimeException e) {
        return QueueOptions.lostPartWay(target, "requeued", before, e);
      }
      Map<String, Long> after = QueueOptions.counts(jedis, q, clock);
      log.info(
          "target {}: requeued {} {} jobs of {}",
          target.name(),
          requeue.moved,
          state,
          q.describe());
      return outcome(requeue, node, before, after);
    } catch (QueueBusyException e) {
      return Outcome.stoppedAfter(e.doneSoFar(), e.getMessage(), List.of());
    } catch (UserFacingException e) {
      throw e;
    } catch (RuntimeException e) {
      throw TargetConnector.unreachable(target, e);
    }
  }

  /**
   * One requeue of the selected jobs, with progress per job, keeping count of what it moved: RQ's
   * abandoned started jobs are failed first, so they count even when the requeue that follows is
   * refused.
   */
  private static final class Requeue {
    private final Jedis jedis;
    private final QueueRef q;
    private final String state;
    private final List<String> ids;
    private final Progress progress;
    private final AtomicLong done = new AtomicLong();
    long moved;
    long failedFirst;

    Requeue(Jedis jedis, QueueRef q, String state, List<String> ids, Progress progress) {
      this.jedis = jedis;
      this.q = q;
      this.state = state;
      this.ids = ids;
      this.progress = progress;
    }

    /**
     * @throws QueueBusyException when the queue kept changing under WATCH
     */
    void run(Instant now) {
      Runnable step =
          () ->
              progress.update(
                  QueueOptions.progress(q, "Requeueing", done.incrementAndGet(), ids.size()));
      if (q.system() == QueueRef.System.BULLMQ) {
        moved =
            state.equals("stalled")
                ? BullMqJobs.requeueStalled(jedis, q, ids, step)
                : BullMqJobs.requeueFailed(jedis, q, ids, step);
      } else if (state.equals("stalled")) {
        List<String> failed = RqJobs.failAbandoned(jedis, q, ids, now);
        failedFirst = failed.size();
        moved = RqJobs.requeueFailed(jedis, q, failed, now, step);
      } else {
        moved = RqJobs.requeueFailed(jedis, q, ids, now, step);
      }
    }
  }

  /** What the requeue did: jobs requeued, the queue's counts before and after, what it left. */
  private static Outcome outcome(
      Requeue r, QueueNode node, Map<String, Long> before, Map<String, Long> after) {
    var evidence =
        new java.util.ArrayList<>(
            List.of(
                new Field("Jobs requeued", Counts.format(r.moved), true),
                QueueOptions.countsChange(before, after)));
    node.evidence().ifPresent(evidence::add);
    if (r.failedFirst > 0) {
      evidence.add(
          new Field(
              "Moved to failed first",
              Counts.of(r.failedFirst, "abandoned started job", "abandoned started jobs"),
              true));
    }
    if (r.moved < r.ids.size()) {
      evidence.add(
          new Field(
              "Left alone",
              r.ids.size() - r.moved == 1
                  ? "1 job changed state meanwhile (a worker took it)"
                  : Counts.format(r.ids.size() - r.moved)
                      + " jobs changed state meanwhile (a worker took them)",
              false));
    }
    return Outcome.doneAfter(
        r.moved + r.failedFirst,
        r.moved == 0 && r.failedFirst == 0
            ? "no " + r.state + " job of " + r.q.describe() + " was left to requeue"
            : "requeued " + jobs(r.moved, r.state) + " of " + r.q.describe(),
        evidence);
  }

  /** "1 stalled job", "12 failed jobs". */
  private static String jobs(long n, String state) {
    return Counts.of(n, state + " job", state + " jobs");
  }

  /** What the jobs a selection looked through are: "started", "active" or "failed". */
  private static String totalWord(QueueRef q, String state) {
    if (!state.equals("stalled")) {
      return "failed";
    }
    return q.system() == QueueRef.System.RQ ? "started" : "active";
  }

  private Selection select(Jedis jedis, QueueRef q, String state) {
    if (q.system() == QueueRef.System.BULLMQ) {
      return state.equals("stalled") ? BullMqJobs.stalled(jedis, q) : BullMqJobs.failed(jedis, q);
    }
    return state.equals("stalled")
        ? RqJobs.abandoned(jedis, q, clock.instant())
        : RqJobs.failed(jedis, q);
  }

  private static List<String> willRun(QueueRef q, String state) {
    if (q.system() == QueueRef.System.BULLMQ) {
      return state.equals("stalled")
          ? List.of(
              "for each active job without "
                  + q.base()
                  + "<id>:lock, under WATCH: LREM "
                  + q.base()
                  + "active, RPUSH "
                  + q.base()
                  + "wait (paused if the queue is paused)",
              "ZADD " + q.base() + "marker 0 0 so idle workers wake at once")
          : List.of(
              "per batch of "
                  + BullMqJobs.BATCH
                  + ", under WATCH: ZREM "
                  + q.base()
                  + "failed, HDEL finishedOn processedOn failedReason, LPUSH "
                  + q.base()
                  + "wait",
              "ZADD " + q.base() + "marker 0 0 so idle workers wake at once");
    }
    return state.equals("stalled")
        ? List.of(
            "ZREM rq:wip:"
                + q.name()
                + " jobs past their deadline; status failed; ZADD rq:failed:"
                + q.name(),
            "then ZREM rq:failed:" + q.name() + ", status queued, RPUSH rq:queue:" + q.name())
        : List.of(
            "per batch: ZREM rq:failed:"
                + q.name()
                + ", status queued, RPUSH rq:queue:"
                + q.name());
  }
}
