package dev.incidentbot.alert;

import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.health.HealthCheck;
import dev.incidentbot.redis.health.HealthReport;
import dev.incidentbot.redis.health.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Health checks shared between triages. A triage that needs a target whose check is running waits
 * for that check instead of starting another, and may take a result that finished less than {@code
 * maxAge} ago: in an alert storm fifty groups about one Redis cost one check, not fifty, and a
 * Redis that hangs holds up one check's timeout, not every triage's. Verification asks for fresh
 * results ({@code maxAge} zero) and still shares a check that is running.
 *
 * <p>Thread-safe; returns within the longest target timeout plus {@link HealthCheck#GRACE}.
 */
public final class SharedHealthChecks {
  /** A report and how old it was when handed out. */
  public record Result(HealthReport report, Duration age) {}

  private record Done(HealthReport report, long finishedNanos) {}

  private final HealthCheck check;
  private final ConcurrentMap<String, CompletableFuture<HealthReport>> running =
      new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Done> recent = new ConcurrentHashMap<>();

  public SharedHealthChecks(HealthCheck check) {
    this.check = check;
  }

  /** Results for {@code targets}, in order, none older than {@code maxAge}. */
  public List<Result> checkAll(List<Target> targets, Duration maxAge) {
    long now = System.nanoTime();
    Map<Target, CompletableFuture<HealthReport>> mine = new LinkedHashMap<>();
    List<Object> slots = new ArrayList<>();
    for (Target target : targets) {
      Done done = recent.get(target.name());
      if (done != null
          && done.report().scenario() != Scenario.HEALTHY
          && now - done.finishedNanos() <= maxAge.toNanos()) {
        slots.add(new Result(done.report(), Duration.ofNanos(now - done.finishedNanos())));
        continue;
      }
      var future = new CompletableFuture<HealthReport>();
      CompletableFuture<HealthReport> existing = running.putIfAbsent(target.name(), future);
      if (existing == null) {
        mine.put(target, future);
        slots.add(future);
      } else {
        slots.add(existing);
      }
    }
    if (!mine.isEmpty()) {
      runChecks(mine);
    }
    var results = new ArrayList<Result>();
    for (Object slot : slots) {
      if (slot instanceof Result r) {
        results.add(r);
      } else {
        @SuppressWarnings("unchecked")
        var future = (CompletableFuture<HealthReport>) slot;
        results.add(new Result(future.join(), Duration.ZERO));
      }
    }
    return results;
  }

  private void runChecks(Map<Target, CompletableFuture<HealthReport>> mine) {
    try {
      List<HealthReport> reports = check.checkAll(List.copyOf(mine.keySet()));
      long finished = System.nanoTime();
      int i = 0;
      for (var e : mine.entrySet()) {
        HealthReport report = reports.get(i++);
        recent.put(e.getKey().name(), new Done(report, finished));
        e.getValue().complete(report);
      }
    } catch (RuntimeException e) {
      mine.values().forEach(f -> f.completeExceptionally(e));
      throw e;
    } finally {
      mine.forEach((target, future) -> running.remove(target.name(), future));
    }
  }
}
