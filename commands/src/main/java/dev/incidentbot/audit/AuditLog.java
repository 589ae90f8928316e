package dev.incidentbot.audit;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** Where audit entries go. Implementations must be safe to call from several threads. */
public interface AuditLog {

  /** At most this many entries come from {@link #between}. */
  int BETWEEN_LIMIT = 1000;

  void record(AuditEntry entry);

  /** The newest entries first, at most {@code limit}. */
  List<AuditEntry> recent(int limit);

  /**
   * The entries from {@code from} (inclusive) to {@code to} (exclusive), oldest first, at most
   * {@link #BETWEEN_LIMIT}. The default reads the newest entries and filters them; a database asks
   * for the span.
   */
  default List<AuditEntry> between(Instant from, Instant to) {
    return recent(10 * BETWEEN_LIMIT).stream()
        .filter(e -> !e.at().isBefore(from) && e.at().isBefore(to))
        .sorted(Comparator.comparing(AuditEntry::at))
        .limit(BETWEEN_LIMIT)
        .toList();
  }
}
