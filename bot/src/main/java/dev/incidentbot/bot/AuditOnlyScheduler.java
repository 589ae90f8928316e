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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stand-in for the Quartz scheduler until it is merged: records every requested job in the audit
 * log (command {@code schedule <type>}, its parameters and when it is due) and runs nothing. The
 * wiring replaces it with the Quartz scheduler; nothing else depends on it. Thread-safe.
 */
final class AuditOnlyScheduler implements Scheduler {
  private static final Logger log = LoggerFactory.getLogger(AuditOnlyScheduler.class);

  private final AuditLog audit;
  private final Clock clock;

  AuditOnlyScheduler(AuditLog audit, Clock clock) {
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public String schedule(Job job) {
    String id = UUID.randomUUID().toString();
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
            "recorded only (no scheduler wired yet): "
                + job.description()
                + (job.firstAt() != null ? " due " + job.firstAt() : "")));
    log.info(
        "target {}: recorded follow-up request {} ({})",
        job.params().get("target"),
        id,
        job.description());
    return id;
  }

  @Override
  public boolean cancel(String jobId) {
    return false;
  }

  @Override
  public int cancelGroup(String group) {
    return 0;
  }

  @Override
  public List<ScheduledJob> pending(String group) {
    return List.of();
  }
}
