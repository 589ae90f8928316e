package dev.incidentbot.redis.diagnostics;

import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.redis.NodeAnswers;
import dev.incidentbot.redis.NodeCalls;
import dev.incidentbot.redis.NodeResult;
import dev.incidentbot.redis.Resp;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.redis.Thresholds;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * {@code /redis latency}: round trips measured now (min, p50, p99, max of up to {@value #SAMPLES}
 * PINGs at random moments over the time budget), then LATENCY LATEST and LATENCY DOCTOR, saying
 * plainly when the latency monitor is off. With fewer than {@value #P99_SAMPLES} samples a p99 is
 * only the maximum, and the reply says so.
 */
public final class LatencyCommand implements Command {
  static final int SAMPLES = 200;

  /** The fewest samples whose 99th percentile is not simply their maximum. */
  static final int P99_SAMPLES = 100;

  /** At most this long is spent on PINGs, and never more than half the target's timeout. */
  static final Duration PING_BUDGET = Duration.ofSeconds(1);

  private final Targets targets;
  private final NodeCalls calls;

  public LatencyCommand(Targets targets, NodeCalls calls) {
    this.targets = targets;
    this.calls = calls;
  }

  /** PING round trips in milliseconds, sorted, and what the latency monitor recorded. */
  record Latency(double[] sortedMs, long monitorThresholdMs, List<String> latest, String doctor) {
    double quantile(double q) {
      int i = (int) Math.ceil(q * sortedMs.length) - 1;
      return sortedMs[Math.max(0, Math.min(sortedMs.length - 1, i))];
    }

    double max() {
      return sortedMs[sortedMs.length - 1];
    }

    int samples() {
      return sortedMs.length;
    }

    /** Whether enough samples were taken for p99 to be more than the maximum. */
    boolean p99Measured() {
      return sortedMs.length >= P99_SAMPLES;
    }
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "redis latency",
        "measured round trips, LATENCY LATEST and LATENCY DOCTOR",
        Roles.VIEWER,
        OptionSpec.target(false));
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    Target target = targets.require(request.option("target"));
    Duration budget = pingBudget(target);
    NodeAnswers<Latency> answers = calls.onPrimaries(target, (j, n) -> measure(j, budget));
    if (answers.unavailable().isPresent()) {
      return NodeReplies.unavailable(target, "latency figures", answers);
    }
    double worstP99 =
        answers.answered().stream().mapToDouble(r -> r.value().quantile(0.99)).max().orElse(0);
    double worstP50 =
        answers.answered().stream().mapToDouble(r -> r.value().quantile(0.5)).max().orElse(0);
    var reply =
        Reply.builder(
                target.name()
                    + ": PING p50 "
                    + NodeReplies.ms(worstP50)
                    + ", p99 "
                    + NodeReplies.ms(worstP99))
            .severity(severity(worstP99, target.thresholds()));
    for (NodeResult<Latency> r : answers.answered()) {
      Latency l = r.value();
      String prefix = answers.multiNode() ? r.node().label() + " · " : "";
      reply.field(
          prefix + "Round trips (" + l.samples() + " PINGs)",
          "min "
              + NodeReplies.ms(l.sortedMs()[0])
              + " · p50 "
              + NodeReplies.ms(l.quantile(0.5))
              + " · p99 "
              + NodeReplies.ms(l.quantile(0.99))
              + " · max "
              + NodeReplies.ms(l.max())
              + (l.p99Measured()
                  ? ""
                  : "\np99 is the max: only "
                      + l.samples()
                      + " PINGs answered within "
                      + dev.incidentbot.format.Durations.format(budget)
                      + ", and a p99 needs "
                      + P99_SAMPLES));
      if (l.monitorThresholdMs() == 0) {
        reply.field(
            prefix + "Latency monitor",
            "off (latency-monitor-threshold is 0), so LATENCY LATEST and LATENCY DOCTOR know"
                + " nothing. Turn it on with CONFIG SET latency-monitor-threshold 100 (records"
                + " events slower than 100 ms; cheap), then ask again after the next slow spell.");
      } else {
        reply.field(
            prefix + "LATENCY LATEST (threshold " + l.monitorThresholdMs() + " ms)",
            l.latest().isEmpty()
                ? "no event slower than the threshold recorded"
                : NodeReplies.limit(l.latest(), 15));
        reply.field(
            prefix + "LATENCY DOCTOR", NodeReplies.cut(NodeReplies.doctorAdvice(l.doctor()), 900));
      }
    }
    NodeReplies.addFailures(reply, answers);
    return reply.build();
  }

  /** {@link #PING_BUDGET}, or half the target's timeout when that is shorter. */
  static Duration pingBudget(Target target) {
    Duration half = target.timeout().dividedBy(2);
    return half.compareTo(PING_BUDGET) < 0 ? half : PING_BUDGET;
  }

  static Severity severity(double p99, Thresholds t) {
    if (p99 > t.latencyCritMs()) {
      return Severity.CRITICAL;
    }
    return p99 > t.latencyWarnMs() ? Severity.WARN : Severity.OK;
  }

  /**
   * Up to {@value #SAMPLES} PINGs at random moments spread over {@code budget} (not back to back:
   * those land in the gaps between a stalling server's stalls). A PING held back behind the
   * previous one's wait counts from when it was due, as a client sending then would have waited;
   * one the bot's own thread woke late for counts from when it was sent. Stops at the budget's end.
   */
  static double[] pings(Jedis j, Duration budget) {
    long start = System.nanoTime();
    long span = Math.max(0, budget.toNanos());
    long[] due = new long[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
      due[i] =
          start + (span == 0 ? 0 : java.util.concurrent.ThreadLocalRandom.current().nextLong(span));
    }
    Arrays.sort(due);
    double[] samples = new double[SAMPLES];
    long end = start + span;
    long previousDone = start;
    int n = 0;
    while (n < SAMPLES && (n == 0 || System.nanoTime() < end)) {
      long wait = due[n] - System.nanoTime();
      if (wait > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(wait);
      }
      long from = previousDone > due[n] ? due[n] : System.nanoTime();
      j.ping();
      previousDone = System.nanoTime();
      samples[n++] = (previousDone - from) / 1_000_000.0;
    }
    double[] taken = Arrays.copyOf(samples, n);
    Arrays.sort(taken);
    return taken;
  }

  private static Latency measure(Jedis j, Duration budget) {
    double[] samples = pings(j, budget);
    long threshold =
        Long.parseLong(
            j.configGet("latency-monitor-threshold")
                .getOrDefault("latency-monitor-threshold", "0"));
    var latest = new ArrayList<String>();
    String doctor = "";
    if (threshold > 0) {
      for (Object row : Resp.list(j.sendCommand(Protocol.Command.LATENCY, "LATEST"))) {
        List<Object> f = Resp.list(row);
        long at = Resp.number(f.get(1), 0);
        long age = Math.max(0, Instant.now().getEpochSecond() - at);
        latest.add(
            Resp.text(f.get(0))
                + ": latest "
                + Resp.number(f.get(2), 0)
                + " ms, "
                + dev.incidentbot.format.Durations.format(Duration.ofSeconds(age))
                + " ago; worst "
                + Resp.number(f.get(3), 0)
                + " ms");
      }
      doctor = Resp.text(j.sendCommand(Protocol.Command.LATENCY, "DOCTOR")).strip();
    }
    return new Latency(samples, threshold, latest, doctor);
  }
}
