package dev.incidentbot.bot.metrics;

import dev.incidentbot.alert.AlertIntake;
import dev.incidentbot.alert.AlertMetrics;
import dev.incidentbot.alert.AlertSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.function.IntSupplier;

/**
 * The bot's metrics, kept in a Micrometer {@link PrometheusMeterRegistry} and served at {@code
 * /metrics}: commands and actions run (by name and outcome), alerts received (by source and what
 * became of them), alert-to-triage latency, errors, the alert queue, the bot's worker pools, and
 * the JVM and process (memory, GC, threads, classes, CPU, uptime, open files).
 *
 * <p>Meters have dotted names with tags ({@code bot.alerts.received{source=..., outcome=...}}); the
 * Prometheus registry writes them in snake_case with their unit and {@code _total} suffix ({@code
 * bot_alerts_received_total}). Thread-safe. {@link #close} stops the GC listener.
 */
public final class BotMetrics implements AlertMetrics, AutoCloseable {
  /** The upper bounds of the triage latency histogram, as before Micrometer. */
  private static final List<Duration> LATENCY_BUCKETS =
      List.of(
          Duration.ofMillis(50),
          Duration.ofMillis(100),
          Duration.ofMillis(250),
          Duration.ofMillis(500),
          Duration.ofSeconds(1),
          Duration.ofSeconds(2),
          Duration.ofMillis(2500),
          Duration.ofSeconds(5),
          Duration.ofSeconds(10),
          Duration.ofSeconds(30));

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();

  private final MeterProvider<Counter> commands =
      Counter.builder("bot.commands")
          .description("Commands run through the router, by command, outcome and whether automated")
          .withRegistry(registry);
  private final MeterProvider<Counter> actions =
      Counter.builder("bot.actions")
          .description("Confirmations and changing actions carried out, by command and outcome")
          .withRegistry(registry);
  private final MeterProvider<Counter> alerts =
      Counter.builder("bot.alerts.received")
          .description(
              "Alert notifications received, by source and outcome (accepted, retry, busy, ignored)")
          .withRegistry(registry);
  private final Timer triage =
      Timer.builder("bot.alert.triage")
          .description("Time from an alert notification's arrival to its triage being posted")
          .serviceLevelObjectives(LATENCY_BUCKETS.toArray(Duration[]::new))
          .register(registry);
  private final MeterProvider<Counter> errors =
      Counter.builder("bot.errors")
          .description("Unexpected failures, by where they happened")
          .withRegistry(registry);

  /** A registry with the bot's meters and the JVM and process binders. */
  public BotMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
  }

  /** Also exports how many alert notifications are waiting. */
  public void queueDepth(IntSupplier pending) {
    Gauge.builder("bot.alert.queue.pending", pending, IntSupplier::getAsInt)
        .description("Alert notifications waiting or being handled")
        .strongReference(true)
        .register(registry);
  }

  /**
   * Also exports a pool's threads, active and queued tasks and completed tasks, as {@code
   * executor_*{name=...}}. Pools the binder cannot look into (wrapped ones) export nothing.
   */
  public void pool(String name, ExecutorService pool) {
    new ExecutorServiceMetrics(pool, name, List.of()).bindTo(registry);
  }

  /** Where the meters live, to bind more. */
  public MeterRegistry registry() {
    return registry;
  }

  /** One audited command. */
  public void command(String command, String outcome, boolean automated, boolean action) {
    String o = outcome.toLowerCase(Locale.ROOT);
    commands
        .withTags("command", command, "outcome", o, "automated", String.valueOf(automated))
        .increment();
    if (action) {
      actions.withTags("command", command, "outcome", o).increment();
    }
    if ("error".equals(o)) {
      error("command");
    }
  }

  @Override
  public void received(AlertSource source, AlertIntake.Submission outcome) {
    alerts
        .withTags(
            "source",
            source.name().toLowerCase(Locale.ROOT),
            "outcome",
            outcome.name().toLowerCase(Locale.ROOT))
        .increment();
  }

  @Override
  public void triaged(Duration latency) {
    triage.record(latency);
  }

  @Override
  public void failed() {
    error("alert");
  }

  /** An unexpected failure somewhere else ("http", "discord"). */
  public void error(String where) {
    errors.withTags("where", where).increment();
  }

  /** Every meter in the Prometheus text exposition format 0.0.4. */
  public String render() {
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
