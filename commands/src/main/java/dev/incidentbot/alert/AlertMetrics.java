package dev.incidentbot.alert;

import java.time.Duration;

/**
 * What alert intake reports for monitoring. Every method has a no-op default; implementations are
 * thread-safe and fast (they are called on intake and worker threads).
 */
public interface AlertMetrics {

  /** Metrics that go nowhere, for tests and wiring without monitoring. */
  AlertMetrics NONE = new AlertMetrics() {};

  /** A notification arrived and was accepted, recognised as a retry, or refused as too many. */
  default void received(AlertSource source, AlertIntake.Submission outcome) {}

  /** A triage was posted {@code latency} after its notification arrived. */
  default void triaged(Duration latency) {}

  /** Handling a notification failed; the log has the details. */
  default void failed() {}
}
