package dev.incidentbot.testing;

import dev.incidentbot.audit.AuditEntry;
import dev.incidentbot.audit.AuditLog;
import java.util.ArrayList;
import java.util.List;

/**
 * An audit log that keeps every entry in memory, in the order written, for tests that check what
 * was audited. Thread-safe.
 */
public final class RecordingAuditLog implements AuditLog {
  private final List<AuditEntry> entries = new ArrayList<>();

  @Override
  public synchronized void record(AuditEntry entry) {
    entries.add(entry);
  }

  /** Every entry so far, oldest first (whatever {@code limit} asks). */
  @Override
  public synchronized List<AuditEntry> recent(int limit) {
    return List.copyOf(entries);
  }

  /** Every entry so far, oldest first. */
  public synchronized List<AuditEntry> entries() {
    return List.copyOf(entries);
  }
}
