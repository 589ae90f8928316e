package dev.incidentbot.redis.diagnostics;

import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.Progress;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Request;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.format.Counts;
import dev.incidentbot.redis.NodeAnswers;
import dev.incidentbot.redis.NodeCalls;
import dev.incidentbot.redis.NodeResult;
import dev.incidentbot.redis.RedisProblem;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * {@code /redis targets}: every configured target with its mode and a one-word status (up, slow,
 * degraded, down, hung, auth, loading), all checked at once, so the reply comes within the longest
 * timeout plus {@link NodeCalls#GRACE}.
 */
public final class TargetsCommand implements Command {
  private final Targets targets;
  private final NodeCalls calls;
  private final ExecutorService executor;

  public TargetsCommand(Targets targets, NodeCalls calls, ExecutorService executor) {
    this.targets = targets;
    this.calls = calls;
    this.executor = executor;
  }

  /** A target's status word and the detail behind it. */
  record Status(Target target, String word, String detail) {
    boolean up() {
      return word.equals("up");
    }
  }

  @Override
  public CommandSpec spec() {
    return CommandSpec.of(
        "redis targets", "the configured targets with mode and a one-word status", Roles.VIEWER);
  }

  @Override
  public Reply handle(Request request, Progress progress) {
    var futures = new ArrayList<CompletableFuture<Status>>();
    for (Target t : targets.all()) {
      futures.add(CompletableFuture.supplyAsync(() -> status(t), executor));
    }
    List<Status> statuses = futures.stream().map(CompletableFuture::join).toList();
    long up = statuses.stream().filter(Status::up).count();
    Severity severity = up == statuses.size() ? Severity.OK : Severity.CRITICAL;
    if (statuses.stream().allMatch(s -> s.up() || s.word().equals("slow"))) {
      severity = up == statuses.size() ? Severity.OK : Severity.WARN;
    }
    var lines = new ArrayList<String>();
    for (Status s : statuses) {
      lines.add(
          (s.up() ? "✔ " : "✖ ")
              + s.target().name()
              + " · "
              + s.target().mode().label()
              + " · "
              + s.word()
              + " — "
              + s.detail());
    }
    return Reply.builder(up + " of " + Counts.of(statuses.size(), "target", "targets") + " up")
        .severity(severity)
        .text(String.join("\n", lines))
        .build();
  }

  Status status(Target target) {
    NodeAnswers<Long> answers =
        calls.onPrimaries(
            target,
            (j, n) -> {
              long best = Long.MAX_VALUE;
              for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                j.ping();
                best = Math.min(best, System.nanoTime() - t0);
              }
              return best;
            });
    if (answers.unavailable().isPresent()) {
      RedisProblem p = answers.unavailable().get();
      return new Status(target, word(p), p.message());
    }
    List<NodeResult<Long>> failed = answers.results().stream().filter(r -> !r.ok()).toList();
    if (!failed.isEmpty() && failed.size() == answers.results().size()) {
      RedisProblem p = failed.get(0).problem();
      return new Status(target, word(p), p.message());
    }
    double worstMs =
        answers.answered().stream().mapToLong(NodeResult::value).max().orElse(0) / 1_000_000.0;
    String nodes =
        answers.results().size() == 1
            ? answers.results().get(0).node().label()
            : answers.answered().size() + " of " + answers.results().size() + " primaries answer";
    String detail = nodes + ", PING (best of 3) " + NodeReplies.ms(worstMs);
    if (!failed.isEmpty()) {
      return new Status(
          target,
          "degraded",
          detail
              + "; "
              + String.join("; ", failed.stream().map(r -> r.problem().message()).toList()));
    }
    if (worstMs > target.thresholds().latencyCritMs()) {
      return new Status(target, "slow", detail);
    }
    return new Status(target, "up", detail);
  }

  private static String word(RedisProblem p) {
    return switch (p.kind()) {
      case REFUSED, DROPPED, CONNECT_TIMEOUT, UNKNOWN_HOST -> "down";
      case TIMEOUT, BUSY -> "hung";
      case PAUSED -> "paused";
      case MAXCLIENTS -> "full";
      case AUTH -> "auth";
      case LOADING -> "loading";
      case OOM -> "oom";
      case MISCONF -> "misconf";
      case NOT_REDIS -> "not redis";
      case READONLY, OTHER -> "error";
    };
  }
}
