package dev.incidentbot.recovery.queue;

import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.Field;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.format.Bytes;
import dev.incidentbot.format.Counts;
import dev.incidentbot.format.Durations;
import dev.incidentbot.recovery.Interruption;
import dev.incidentbot.recovery.NothingToDo;
import dev.incidentbot.recovery.Outcome;
import dev.incidentbot.recovery.Plan;
import dev.incidentbot.recovery.RecoveryAction;
import dev.incidentbot.recovery.Risk;
import dev.incidentbot.recovery.TargetFacts;
import dev.incidentbot.recovery.action.TargetConnector;
import dev.incidentbot.redis.Target;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

/**
 * {@code /redis trim queue: state:completed|failed keep:|older-than:}: removes finished jobs of a
 * BullMQ v5 queue (sorted sets, with each job's hash and sub-keys) or of an RQ queue (finished and
 * failed registries, with each job's keys), keeping the newest {@code keep} and anything that
 * finished after {@code older-than}. Jobs a parent still waits on are kept. On a cluster it runs on
 * the primary serving the queue's slot ({@link QueueNode}).
 */
public final class TrimQueueAction implements RecoveryAction {
  static final long MAX_KEEP = 10_000_000L;
  static final Duration MIN_AGE = Duration.ofMinutes(1);
  static final Duration MAX_AGE = Duration.ofDays(365);

  private static final Logger log = LoggerFactory.getLogger(TrimQueueAction.class);

  private final TargetConnector connector;
  private final Clock clock;

  public TrimQueueAction(TargetConnector connector, Clock clock) {
    this.connector = connector;
    this.clock = clock;
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "redis trim",
        "remove finished jobs (and their keys) of a BullMQ or RQ queue, after confirmation",
        Roles.OPERATOR,
        QueueOptions.queue(),
        OptionSpec.choice("state", "which finished jobs", true, List.of("completed", "failed")),
        OptionSpec.integer("keep", "keep the newest N", false, 0, MAX_KEEP),
        OptionSpec.text("older-than", "only jobs finished longer ago, like 1h or 7d", false),
        QueueOptions.system(),
        QueueOptions.prefix(),
        OptionSpec.target(false));
  }

  /** What to trim, from the options. */
  private record Limits(Long keep, Duration olderThan) {
    static Limits from(Map<String, String> options) {
      String keepText = blank(options.get("keep"));
      String ageText = blank(options.get("older-than"));
      if (keepText == null && ageText == null) {
        throw new UserFacingException(
            "Say what to keep: keep:<newest N> or older-than:<age> (or both), like keep:1000.");
      }
      Long keep = null;
      if (keepText != null) {
        try {
          keep = Long.parseLong(keepText);
        } catch (NumberFormatException e) {
          keep = -1L;
        }
        if (keep < 0 || keep > MAX_KEEP) {
          throw new UserFacingException(
              "keep:" + keepText + " is out of range; use 0 to " + MAX_KEEP + ".");
        }
      }
      Duration age = null;
      if (ageText != null) {
        try {
          age = Durations.parse(ageText);
        } catch (IllegalArgumentException e) {
          throw new UserFacingException("older-than:" + ageText + " — " + e.getMessage() + ".");
        }
        if (age.compareTo(MIN_AGE) < 0 || age.compareTo(MAX_AGE) > 0) {
          throw new UserFacingException(
              "older-than:" + ageText + " is out of range; use 1m to 365d.");
        }
      }
      return new Limits(keep, age);
    }

    private static String blank(String s) {
      return s == null || s.isBlank() ? null : s.strip();
    }
  }

  @Override
  public Plan plan(Request request) {
    Target target = connector.target(request.option("target"));
    Limits limits = Limits.from(request.options());
    String state = request.requireOption("state");
    try (QueueNode node = QueueNode.open(connector, target, request.options())) {
      Jedis jedis = node.jedis();
      QueueRef q = node.queue();
      Selection sel = select(jedis, q, state, limits);
      if (sel.ids().isEmpty()) {
        throw new NothingToDo(
            "No "
                + state
                + " job of "
                + q.describe()
                + " on "
                + target.name()
                + " to trim"
                + limitsText(limits)
                + " (of "
                + Counts.of(sel.total(), state + " job", state + " jobs")
                + "): nothing to do.");
      }
      var plan =
          Plan.builder(spec().name(), target.name(), node.facts())
              .param("queue", q.name())
              .param("system", q.system().name().toLowerCase(java.util.Locale.ROOT))
              .param("prefix", q.prefix())
              .param("state", state);
      if (limits.keep() != null) {
        plan.param("keep", String.valueOf(limits.keep()));
      }
      if (limits.olderThan() != null) {
        plan.param("older-than", limits.olderThan().toSeconds() + "s");
      }
      node.willRun().ifPresent(plan::willRun);
      plan.willRun(willRun(q, state))
          .willRun(
              "in MULTI/EXEC batches of " + BullMqJobs.BATCH + " jobs, selected again when it runs")
          .matches(
              Counts.format(sel.ids().size())
                  + " of "
                  + Counts.of(sel.total(), state + " job", state + " jobs")
                  + " of "
                  + q.describe()
                  + limitsText(limits))
          .effect(
              "removes " + Counts.of(sel.ids().size(), "job and its keys", "jobs and their keys"))
          .risk(Risk.MEDIUM, "job history and error details of those jobs are gone for good");
      sel.samples().forEach(plan::sample);
      if ("failed".equals(state) && sel.total() > 0 && sel.ids().size() == sel.total()) {
        plan.risk(Risk.HIGH, "removes every failed job: nothing is left to investigate or retry");
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
    Limits limits = Limits.from(plan.params());
    String state = plan.param("state");
    try (QueueNode node = QueueNode.open(connector, target, plan.params())) {
      Jedis jedis = node.jedis();
      QueueRef q = node.queue();
      QueueSize before = QueueSize.of(jedis, q, clock);
      Selection sel = select(jedis, q, state, limits);
      BullMqJobs.Trimmed result;
      try {
        result = trim(jedis, q, state, sel.ids(), progress);
      } catch (UserFacingException e) {
        throw e;
      } catch (RuntimeException e) {
        return QueueOptions.lostPartWay(target, "removed", before.counts(), e);
      }
      QueueSize after = QueueSize.of(jedis, q, clock);
      log.info(
          "target {}: trimmed {} {} jobs of {}", target.name(), result.jobs(), state, q.describe());
      return outcome(result, node, state, before, after);
    } catch (QueueBusyException e) {
      return Outcome.stoppedAfter(e.doneSoFar(), e.getMessage(), List.of());
    } catch (UserFacingException e) {
      throw e;
    } catch (RuntimeException e) {
      throw TargetConnector.unreachable(target, e);
    }
  }

  /** The queue's counts, then the node's used_memory. */
  private record QueueSize(Map<String, Long> counts, long memory) {
    static QueueSize of(Jedis jedis, QueueRef q, Clock clock) {
      Map<String, Long> counts = QueueOptions.counts(jedis, q, clock);
      return new QueueSize(counts, TargetFacts.read(jedis).usedMemory());
    }
  }

  /**
   * Removes the selected jobs in batches, reporting progress after each one.
   *
   * @throws QueueBusyException when the queue kept changing under WATCH
   */
  private static BullMqJobs.Trimmed trim(
      Jedis jedis, QueueRef q, String state, List<String> ids, Progress progress) {
    var done = new AtomicLong();
    Runnable afterBatch =
        () -> {
          done.addAndGet(BullMqJobs.BATCH);
          progress.update(
              QueueOptions.progress(q, "Trimming", Math.min(done.get(), ids.size()), ids.size()));
        };
    return q.system() == QueueRef.System.BULLMQ
        ? BullMqJobs.trim(jedis, q, state, ids, afterBatch)
        : RqJobs.trim(jedis, q, state, ids, afterBatch);
  }

  /** What the trim did: jobs and keys removed, counts and memory before and after, what it kept. */
  private static Outcome outcome(
      BullMqJobs.Trimmed result, QueueNode node, String state, QueueSize before, QueueSize after) {
    QueueRef q = node.queue();
    var evidence =
        new java.util.ArrayList<>(
            List.of(
                new Field("Jobs removed", Counts.format(result.jobs()), true),
                new Field("Keys deleted", Counts.format(result.keys()), true),
                QueueOptions.countsChange(before.counts(), after.counts()),
                Outcome.change(
                    "used_memory", Bytes.format(before.memory()), Bytes.format(after.memory()))));
    node.evidence().ifPresent(evidence::add);
    if (result.keptForParents() > 0) {
      evidence.add(
          new Field(
              "Kept",
              result.keptForParents() == 1
                  ? "1 job a parent job still waits on"
                  : Counts.format(result.keptForParents()) + " jobs a parent job still waits on",
              false));
    }
    return Outcome.doneAfter(
        result.jobs() + result.keys(),
        result.jobs() == 0
            ? "no " + state + " job of " + q.describe() + " was left to trim"
            : "removed "
                + Counts.of(result.jobs(), state + " job", state + " jobs")
                + " of "
                + q.describe(),
        evidence);
  }

  /** ", keeping the newest 1,000, only those finished over 7 d ago", or "". */
  private static String limitsText(Limits limits) {
    return (limits.keep() != null ? ", keeping the newest " + Counts.format(limits.keep()) : "")
        + (limits.olderThan() != null
            ? ", only those finished over " + Durations.format(limits.olderThan()) + " ago"
            : "");
  }

  private Selection select(Jedis jedis, QueueRef q, String state, Limits limits) {
    Instant cutoff = limits.olderThan() == null ? null : clock.instant().minus(limits.olderThan());
    return q.system() == QueueRef.System.BULLMQ
        ? BullMqJobs.trimmable(
            jedis, q, state, limits.keep(), cutoff == null ? null : cutoff.toEpochMilli())
        : RqJobs.trimmable(jedis, q, state, limits.keep(), cutoff);
  }

  private static String willRun(QueueRef q, String state) {
    if (q.system() == QueueRef.System.BULLMQ) {
      return "ZREM "
          + q.base()
          + state
          + " <ids>; UNLINK "
          + q.base()
          + "<id> and its :logs :dependencies :processed :failed :unsuccessful; its de: key";
    }
    return "ZREM "
        + RqJobs.registry(q, state)
        + " <ids>; UNLINK rq:job:<id> and its :dependents :dependencies, rq:results:<id>";
  }
}
