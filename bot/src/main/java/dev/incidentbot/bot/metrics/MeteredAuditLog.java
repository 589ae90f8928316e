package dev.incidentbot.bot.metrics;

import dev.incidentbot.audit.AuditEntry;
import dev.incidentbot.audit.AuditLog;
import java.util.List;
import java.util.function.Predicate;

/**
 * The audit log, counting each entry into {@link BotMetrics} on the way: every command the router
 * runs is audited, so this sees them all, people's and automated ones alike.
 */
public final class MeteredAuditLog implements AuditLog {
  private final AuditLog delegate;
  private final BotMetrics metrics;
  private final Predicate<String> isAction;

  /**
   * @param isAction which command names are confirmations or changing actions
   */
  public MeteredAuditLog(AuditLog delegate, BotMetrics metrics, Predicate<String> isAction) {
    this.delegate = delegate;
    this.metrics = metrics;
    this.isAction = isAction;
  }

  @Override
  public void record(AuditEntry entry) {
    metrics.command(
        entry.command(), entry.outcome().name(), entry.automated(), isAction.test(entry.command()));
    delegate.record(entry);
  }

  @Override
  public List<AuditEntry> recent(int limit) {
    return delegate.recent(limit);
  }

  @Override
  public List<AuditEntry> between(java.time.Instant from, java.time.Instant to) {
    return delegate.between(from, to);
  }
}
