package dev.incidentbot.bot.metrics;

import dev.incidentbot.alert.AlertIntake;
import dev.incidentbot.alert.AlertMetrics;
import dev.incidentbot.alert.AlertSource;
import java.time.Duration;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * The bot's metrics: commands and actions run (by name and outcome), alerts received (by source and
 * what became of them), alert-to-triage latency, errors, and the alert queue. Served at {@code
 * /metrics}.
 */
public final class BotMetrics implements AlertMetrics {
  private static final double[] LATENCY_BUCKETS = {0.05, 0.1, 0.25, 0.5, 1, 2, 2.5, 5, 10, 30};

  private final MetricRegistry registry = new MetricRegistry();
  private final MetricRegistry.Counter commands =
      registry.counter(
          "bot_commands_total",
          "Commands run through the router, by command, outcome and whether automated",
          "command",
          "outcome",
          "automated");
  private final MetricRegistry.Counter actions =
      registry.counter(
          "bot_actions_total",
          "Confirmations and changing actions carried out, by command and outcome",
          "command",
          "outcome");
  private final MetricRegistry.Counter alerts =
      registry.counter(
          "bot_alerts_received_total",
          "Alert notifications received, by source and outcome (accepted, retry, busy, ignored)",
          "source",
          "outcome");
  private final MetricRegistry.Histogram triage =
      registry.histogram(
          "bot_alert_triage_seconds",
          "Time from an alert notification's arrival to its triage being posted",
          LATENCY_BUCKETS);
  private final MetricRegistry.Counter errors =
      registry.counter("bot_errors_total", "Unexpected failures, by where they happened", "where");

  /** Also exports how many alert notifications are waiting. */
  public void queueDepth(IntSupplier pending) {
    registry.gauge(
        "bot_alert_queue_pending",
        "Alert notifications waiting or being handled",
        pending::getAsInt);
  }

  public MetricRegistry registry() {
    return registry;
  }

  /** One audited command. */
  public void command(String command, String outcome, boolean automated, boolean action) {
    String o = outcome.toLowerCase(Locale.ROOT);
    commands.inc(command, o, String.valueOf(automated));
    if (action) {
      actions.inc(command, o);
    }
    if ("error".equals(o)) {
      errors.inc("command");
    }
  }

  @Override
  public void received(AlertSource source, AlertIntake.Submission outcome) {
    alerts.inc(source.name().toLowerCase(Locale.ROOT), outcome.name().toLowerCase(Locale.ROOT));
  }

  @Override
  public void triaged(Duration latency) {
    triage.observe(latency.toNanos() / 1e9);
  }

  @Override
  public void failed() {
    errors.inc("alert");
  }

  /** An unexpected failure somewhere else ("http", "discord"). */
  public void error(String where) {
    errors.inc(where);
  }

  public String render() {
    return registry.render();
  }
}
