package dev.incidentbot.bot;

import dev.incidentbot.audit.AuditLog;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.schedule.QuartzScheduler;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.JdbcAuditLog;
import dev.incidentbot.bot.store.JdbcComponentStore;
import dev.incidentbot.bot.store.JdbcJobState;
import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.ComponentStore;
import dev.incidentbot.chat.HelpCommand;
import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Router;
import dev.incidentbot.followup.CancelFollowUpCommand;
import dev.incidentbot.followup.FollowUpCheck;
import dev.incidentbot.followup.FollowUps;
import dev.incidentbot.followup.IncidentWatch;
import dev.incidentbot.followup.JobHandler;
import dev.incidentbot.followup.ListFollowUpsCommand;
import dev.incidentbot.followup.QueueDepths;
import dev.incidentbot.followup.RoutineCheck;
import dev.incidentbot.followup.RoutineSchedule;
import dev.incidentbot.followup.ScheduleFollowUpCommand;
import dev.incidentbot.incident.Timeline;
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
 *
 * <p>Lifecycle: construct, build the chat adapter from {@link #router()}, then {@link
 * #start(Outbox)} with the adapter's outbox, which starts scheduled jobs; {@link #close()} stops
 * the scheduler (waiting for running jobs), the worker pools and the database, in that order.
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
  private final LateBoundOutbox outbox = new LateBoundOutbox();
  private final Timeline timeline = Timeline.NONE;
  private final JdbcJobState jobState;
  private final QuartzScheduler scheduler;
  private final FollowUps followUps;

  public Wiring(BotConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.database = Database.open(config.store());
    this.audit = new JdbcAuditLog(database);
    this.components = new JdbcComponentStore(database, clock);
    this.targets = new Targets(config.targets());
    this.workers = Executors.newCachedThreadPool(named("worker"));
    this.redisCalls = Executors.newCachedThreadPool(named("redis"));

    var nodes = new RedisNodes();
    var health = new HealthCheck(nodes, redisCalls);
    this.jobState = new JdbcJobState(database, clock);
    this.scheduler =
        new QuartzScheduler(
            database,
            jobHandlers(nodes, health),
            jobState,
            clock,
            QuartzScheduler.Settings.DEFAULTS);
    this.followUps = new FollowUps(scheduler, jobState, config.followUps(), clock);
    List<Command> commands = new ArrayList<>();
    commands.add(new HelpCommand(this::specs));
    commands.add(new HealthCommand(targets, health));
    commands.add(
        new ScheduleFollowUpCommand(targets, health, followUps, config.followUps(), clock));
    commands.add(new ListFollowUpsCommand(scheduler, clock));
    commands.add(new CancelFollowUpCommand(scheduler));
    this.router = new Router(commands, audit);
  }

  /** One handler per scheduled job type; the scheduler refuses two for one type. */
  private List<JobHandler> jobHandlers(RedisNodes nodes, HealthCheck health) {
    return List.of(
        new FollowUpCheck(targets, health, QueueDepths.NONE, jobState, outbox, timeline, clock),
        new IncidentWatch(targets, health, jobState, outbox, timeline, clock),
        new RoutineCheck(targets, health, nodes, jobState, outbox, config.followUps(), clock));
  }

  /**
   * Starts the work that posts on its own, once the chat adapter is ready: attaches its outbox,
   * brings routine checks in line with the configuration and starts the scheduler (which then runs
   * what was missed while the bot was down).
   */
  public void start(Outbox adapter) {
    outbox.attach(adapter);
    jobState.forgetOld();
    new RoutineSchedule(scheduler).apply(config.followUps().routine());
    scheduler.start();
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

  /** Follow-ups after actions and incident watches: recovery and incidents schedule through it. */
  public FollowUps followUps() {
    return followUps;
  }

  /** The scheduler port, for features that schedule their own job types (reminders). */
  public QuartzScheduler scheduler() {
    return scheduler;
  }

  /** The pool commands run on: never a chat platform's event thread. */
  public ExecutorService workers() {
    return workers;
  }

  @Override
  public void close() {
    scheduler.close();
    workers.shutdown();
    redisCalls.shutdownNow();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    database.close();
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
