package dev.incidentbot.bot;

import dev.incidentbot.audit.AuditLog;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.JdbcAuditLog;
import dev.incidentbot.bot.store.JdbcComponentStore;
import dev.incidentbot.bot.store.JdbcConfirmationStore;
import dev.incidentbot.bot.store.JdbcTargetLocks;
import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.ComponentStore;
import dev.incidentbot.chat.HelpCommand;
import dev.incidentbot.chat.Router;
import dev.incidentbot.followup.Scheduler;
import dev.incidentbot.incident.Timeline;
import dev.incidentbot.recovery.ActionExecutor;
import dev.incidentbot.recovery.AuditCommand;
import dev.incidentbot.recovery.CancelCommand;
import dev.incidentbot.recovery.ConfirmCommand;
import dev.incidentbot.recovery.ConfirmationStore;
import dev.incidentbot.recovery.PlanCommand;
import dev.incidentbot.recovery.RecoveryAction;
import dev.incidentbot.recovery.StopCommand;
import dev.incidentbot.recovery.action.KillClientsAction;
import dev.incidentbot.recovery.action.MemoryPurgeAction;
import dev.incidentbot.recovery.action.PersistAction;
import dev.incidentbot.recovery.action.PurgeKeysAction;
import dev.incidentbot.recovery.action.RunbookScriptAction;
import dev.incidentbot.recovery.action.SetMaxmemoryAction;
import dev.incidentbot.recovery.action.SetPolicyAction;
import dev.incidentbot.recovery.action.SlowlogResetAction;
import dev.incidentbot.recovery.action.TargetConnector;
import dev.incidentbot.redis.HealthCheck;
import dev.incidentbot.redis.HealthCommand;
import dev.incidentbot.redis.RedisNodes;
import dev.incidentbot.redis.Targets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
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
  private final ConfirmationStore confirmations;
  private final Scheduler scheduler;
  private final Targets targets;
  private final ExecutorService workers;
  private final ExecutorService redisCalls;
  private final Router router;

  public Wiring(BotConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.database = Database.open(config.store());
    this.audit = new JdbcAuditLog(database);
    this.components = new JdbcComponentStore(database, clock);
    this.targets = new Targets(config.targets());
    this.workers = Executors.newCachedThreadPool(named("worker"));
    this.redisCalls = Executors.newCachedThreadPool(named("redis"));

    this.confirmations = new JdbcConfirmationStore(database, clock);
    // until the Quartz scheduler is merged, follow-up requests are recorded in the audit log
    this.scheduler = new AuditOnlyScheduler(audit, clock);
    Timeline timeline = Timeline.NONE;

    var nodes = new RedisNodes();
    var health = new HealthCheck(nodes, redisCalls);
    List<Command> commands = new ArrayList<>();
    commands.add(new HelpCommand(this::specs));
    commands.add(new HealthCommand(targets, health));
    commands.addAll(recovery(new TargetConnector(targets, nodes), timeline));
    this.router = new Router(commands, audit);
  }

  private List<Command> recovery(TargetConnector connector, Timeline timeline) {
    List<RecoveryAction> actions =
        List.of(
            new PurgeKeysAction(connector),
            new KillClientsAction(connector),
            new SetMaxmemoryAction(connector),
            new SetPolicyAction(connector),
            new PersistAction(connector),
            new MemoryPurgeAction(connector),
            new SlowlogResetAction(connector));
    var policy = config.recovery();
    var executor =
        new ActionExecutor(
            actions,
            confirmations,
            new JdbcTargetLocks(database, clock),
            audit,
            timeline,
            scheduler,
            policy,
            clock);
    if (!config.scripts().isEmpty()) {
      actions = new ArrayList<>(actions);
      actions.add(new RunbookScriptAction(config.scripts()));
    }
    List<Command> commands = new ArrayList<>();
    for (RecoveryAction action : actions) {
      commands.add(new PlanCommand(action, confirmations, policy, clock));
    }
    commands.add(new ConfirmCommand(confirmations, executor));
    commands.add(new CancelCommand(confirmations, timeline, clock));
    commands.add(new StopCommand(confirmations));
    commands.add(new AuditCommand(confirmations, audit));
    return commands;
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

  public ConfirmationStore confirmations() {
    return confirmations;
  }

  public Scheduler scheduler() {
    return scheduler;
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
