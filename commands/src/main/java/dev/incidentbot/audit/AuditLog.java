package dev.incidentbot.audit;

import java.util.List;

/** Where audit entries go. Implementations must be safe to call from several threads. */
public interface AuditLog {

  void record(AuditEntry entry);

  /** The newest entries first, at most {@code limit}. */
  List<AuditEntry> recent(int limit);
}
