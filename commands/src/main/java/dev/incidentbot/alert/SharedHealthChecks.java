package dev.incidentbot.alert;

import dev.incidentbot.redis.HealthCheck;
import dev.incidentbot.redis.HealthReport;
import dev.incidentbot.redis.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Health checks shared between triages: a triage that needs a target whose check is already running
 * waits for that check instead of starting another, so fifty alert groups about one Redis in a
 * storm cost one check, not fifty. Results are never reused after the check finishes.
 *
 * <p>Thread-safe; returns within the longest target timeout plus {@link HealthCheck#GRACE}.
 */
public final class SharedHealthChecks {
  private final HealthCheck check;
  private final ConcurrentMap<String, CompletableFuture<HealthReport>> running =
      new ConcurrentHashMap<>();

  public SharedHealthChecks(HealthCheck check) {
    this.check = check;
  }

  /** Reports for {@code targets}, in order. */
  public List<HealthReport> checkAll(List<Target> targets) {
    Map<Target, CompletableFuture<HealthReport>> mine = new LinkedHashMap<>();
    List<CompletableFuture<HealthReport>> all = new ArrayList<>();
    for (Target target : targets) {
      var future = new CompletableFuture<HealthReport>();
      CompletableFuture<HealthReport> existing = running.putIfAbsent(target.name(), future);
      if (existing == null) {
        mine.put(target, future);
        all.add(future);
      } else {
        all.add(existing);
      }
    }
    if (!mine.isEmpty()) {
      try {
        List<HealthReport> reports = check.checkAll(List.copyOf(mine.keySet()));
        int i = 0;
        for (var e : mine.entrySet()) {
          e.getValue().complete(reports.get(i++));
        }
      } catch (RuntimeException e) {
        mine.values().forEach(f -> f.completeExceptionally(e));
        throw e;
      } finally {
        mine.forEach((target, future) -> running.remove(target.name(), future));
      }
    }
    return all.stream().map(CompletableFuture::join).toList();
  }
}
