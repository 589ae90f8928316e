package dev.incidentbot.bot;

import dev.incidentbot.alert.AlertIncidents;
import dev.incidentbot.alert.AlertIntake;
import dev.incidentbot.alert.AlertResponder;
import dev.incidentbot.alert.AlertTargets;
import dev.incidentbot.alert.SharedHealthChecks;
import dev.incidentbot.alert.TriageCommand;
import dev.incidentbot.audit.AuditLog;
import dev.incidentbot.bot.config.AlertsSettings;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.http.BotHttpServer;
import dev.incidentbot.bot.http.HealthProbe;
import dev.incidentbot.bot.metrics.BotMetrics;
import dev.incidentbot.bot.metrics.MeteredAuditLog;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.JdbcAlertGroupStore;
import dev.incidentbot.bot.store.JdbcAuditLog;
import dev.incidentbot.bot.store.JdbcComponentStore;
import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.ComponentStore;
import dev.incidentbot.chat.HelpCommand;
import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Router;
import dev.incidentbot.incident.Timeline;
import dev.incidentbot.redis.HealthCheck;
import dev.incidentbot.redis.HealthCommand;
import dev.incidentbot.redis.RedisNodes;
import dev.incidentbot.redis.Targets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one place where the bot is put together: every store, command and the router, built with
 * constructor injection from the configuration. Adapters (console, Discord) are given the result.
 * Tests build their own with the same method.
 */
public final class Wiring implements AutoCloseable {
  private final BotConfig config;
  private final Clock clock;
  private final Database database;
  private final AuditLog audit;
  private final ComponentStore components;
  private final Targets targets;
  private final ExecutorService workers;
  private final ExecutorService redisCalls;
  private final Router router;
  private final BotMetrics metrics;
  private final ForwardingOutbox outbox = new ForwardingOutbox();
  private final ExecutorService alertWorkers;
  private final AlertIntake alertIntake;
  private volatile BotHttpServer http;

  public Wiring(BotConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.database = Database.open(config.store());
    this.metrics = new BotMetrics();
    this.audit = new MeteredAuditLog(new JdbcAuditLog(database), metrics, Wiring::isChangingAction);
    this.components = new JdbcComponentStore(database, clock);
    this.targets = new Targets(config.targets());
    this.workers = Executors.newCachedThreadPool(named("worker"));
    this.redisCalls = Executors.newCachedThreadPool(named("redis"));

    var nodes = new RedisNodes();
    var health = new HealthCheck(nodes, redisCalls);
    List<Command> commands = new ArrayList<>();
    commands.add(new HelpCommand(this::specs));
    commands.add(new HealthCommand(targets, health));
    commands.add(new TriageCommand(targets, new SharedHealthChecks(health), this::hasCommand));
    this.router = new Router(commands, audit);

    AlertsSettings alerts = config.alerts();
    this.alertWorkers = Executors.newFixedThreadPool(alerts.intake().workers(), named("alert"));
    var groups = new JdbcAlertGroupStore(database);
    var responder =
        new AlertResponder(
            outbox,
            groups,
            new AlertTargets(alerts.matchers(), alerts.targetLabel(), targets.names()),
            router,
            AlertIncidents.NONE,
            Timeline.NONE,
            alerts.intake(),
            clock,
            metrics);
    this.alertIntake =
        new AlertIntake(groups, responder, alerts.intake(), clock, metrics, alertWorkers);
    metrics.queueDepth(alertIntake::pending);
  }

  private boolean hasCommand(String name) {
    return router.spec(name).isPresent();
  }

  /** Confirmations and changing actions, counted apart in /metrics. */
  private static boolean isChangingAction(String command) {
    return command.equals("confirm") || command.startsWith("confirm ");
  }

  /**
   * Opens the HTTP port when the configuration has an {@code http:} section: the Alertmanager
   * webhook (with {@code alerts.token}), {@code /healthz} (database, plus {@code probes}) and
   * {@code /metrics}. Call once the chat adapter is {@link #attachOutbox attached}.
   */
  public Optional<BotHttpServer> startHttp(List<HealthProbe> probes) {
    if (config.http() == null) {
      return Optional.empty();
    }
    var all = new ArrayList<HealthProbe>();
    all.add(new HealthProbe("database", database::reachable));
    all.addAll(probes);
    BotHttpServer server =
        BotHttpServer.start(
            config.http(), config.alerts().webhookToken(), alertIntake, all, metrics);
    http = server;
    return Optional.of(server);
  }

  /** Gives features the adapter that posts the bot's own messages (console or Discord). */
  public void attachOutbox(Outbox adapter) {
    outbox.attach(adapter);
  }

  /** Where alerts from every source enter. */
  public AlertIntake alertIntake() {
    return alertIntake;
  }

  public BotMetrics metrics() {
    return metrics;
  }

  private List<dev.incidentbot.chat.CommandSpec> specs() {
    return router.specs();
  }

  public BotConfig config() {
    return config;
  }

  public Clock clock() {
    return clock;
  }

  public Router router() {
    return router;
  }

  public AuditLog audit() {
    return audit;
  }

  public ComponentStore components() {
    return components;
  }

  public Targets targets() {
    return targets;
  }

  public Database database() {
    return database;
  }

  /** The pool commands run on: never a chat platform's event thread. */
  public ExecutorService workers() {
    return workers;
  }

  @Override
  public void close() {
    BotHttpServer server = http;
    if (server != null) {
      server.close();
    }
    alertWorkers.shutdown();
    try {
      alertWorkers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    workers.shutdown();
    redisCalls.shutdownNow();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory named(String prefix) {
    var n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
