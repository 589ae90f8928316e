package dev.incidentbot.bot;

import dev.incidentbot.audit.AuditEntry;
import dev.incidentbot.audit.AuditLog;
import dev.incidentbot.followup.Job;
import dev.incidentbot.followup.ScheduledJob;
import dev.incidentbot.followup.Scheduler;
import java.time.Clock;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler recovery actions request follow-up checks through. Jobs whose type has a handler go
 * to the real scheduler; jobs nobody can run yet (the follow-up check handler lands with the
 * scheduling work) are recorded in the audit log — command {@code schedule <type>}, their
 * parameters and when they are due — instead of failing when due. Thread-safe.
 */
final class RecordingScheduler implements Scheduler {
  private static final Logger log = LoggerFactory.getLogger(RecordingScheduler.class);

  private final Scheduler scheduler;
  private final Predicate<String> handled;
  private final AuditLog audit;
  private final Clock clock;

  RecordingScheduler(Scheduler scheduler, Predicate<String> handled, AuditLog audit, Clock clock) {
    this.scheduler = scheduler;
    this.handled = handled;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public String schedule(Job job) {
    if (handled.test(job.type())) {
      return scheduler.schedule(job);
    }
    String id = "recorded-" + UUID.randomUUID();
    var options = new StringBuilder("group:").append(job.group());
    new TreeMap<>(job.params())
        .forEach((k, v) -> options.append(' ').append(k).append(':').append(v));
    audit.record(
        new AuditEntry(
            clock.instant(),
            "automation:scheduler",
            "scheduler",
            true,
            "schedule " + job.type(),
            options.toString(),
            AuditEntry.Outcome.OK,
            "recorded only (no "
                + job.type()
                + " handler yet): "
                + job.description()
                + (job.firstAt() != null ? ", due " + job.firstAt() : "")));
    log.info(
        "target {}: recorded {} request {} ({})",
        job.params().get("target"),
        job.type(),
        id,
        job.description());
    return id;
  }

  @Override
  public boolean cancel(String jobId) {
    return scheduler.cancel(jobId);
  }

  @Override
  public int cancelGroup(String group) {
    return scheduler.cancelGroup(group);
  }

  @Override
  public List<ScheduledJob> pending(String group) {
    return scheduler.pending(group);
  }
}
