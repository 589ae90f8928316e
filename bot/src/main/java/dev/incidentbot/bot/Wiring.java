package dev.incidentbot.bot;

import dev.incidentbot.alert.AlertIntake;
import dev.incidentbot.alert.AlertResponder;
import dev.incidentbot.alert.AlertTargets;
import dev.incidentbot.alert.IncidentsForAlerts;
import dev.incidentbot.alert.SharedHealthChecks;
import dev.incidentbot.alert.TriageCommand;
import dev.incidentbot.audit.AuditLog;
import dev.incidentbot.bot.config.AlertsSection;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.http.BotHttpServer;
import dev.incidentbot.bot.http.HealthProbe;
import dev.incidentbot.bot.metrics.BotMetrics;
import dev.incidentbot.bot.metrics.MeteredAuditLog;
import dev.incidentbot.bot.relay.OutboxRelay;
import dev.incidentbot.bot.relay.RelayedOutbox;
import dev.incidentbot.bot.schedule.QuartzScheduler;
import dev.incidentbot.bot.store.BotInstance;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.JdbcAlertGroupStore;
import dev.incidentbot.bot.store.JdbcAlertInbox;
import dev.incidentbot.bot.store.JdbcAuditLog;
import dev.incidentbot.bot.store.JdbcComponentStore;
import dev.incidentbot.bot.store.JdbcConfirmationStore;
import dev.incidentbot.bot.store.JdbcIncidentStore;
import dev.incidentbot.bot.store.JdbcJobState;
import dev.incidentbot.bot.store.JdbcSampleStore;
import dev.incidentbot.bot.store.JdbcTargetLocks;
import dev.incidentbot.bot.webhook.WebhookOutlet;
import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.ComponentStore;
import dev.incidentbot.chat.HelpCommand;
import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Router;
import dev.incidentbot.chat.RunningJobs;
import dev.incidentbot.chat.StopCommand;
import dev.incidentbot.followup.CancelFollowUpCommand;
import dev.incidentbot.followup.FollowUpCheck;
import dev.incidentbot.followup.FollowUps;
import dev.incidentbot.followup.IncidentWatch;
import dev.incidentbot.followup.ListFollowUpsCommand;
import dev.incidentbot.followup.QueueDepths;
import dev.incidentbot.followup.RoutineCheck;
import dev.incidentbot.followup.RoutineSchedule;
import dev.incidentbot.followup.ScheduleFollowUpCommand;
import dev.incidentbot.followup.SurveyedQueueDepths;
import dev.incidentbot.incident.AssignIncidentCommand;
import dev.incidentbot.incident.DeclareIncidentCommand;
import dev.incidentbot.incident.IncidentLookup;
import dev.incidentbot.incident.IncidentSettings;
import dev.incidentbot.incident.IncidentStore;
import dev.incidentbot.incident.IncidentTimeline;
import dev.incidentbot.incident.IncidentTimelineCommand;
import dev.incidentbot.incident.ListIncidentsCommand;
import dev.incidentbot.incident.ReminderJobHandler;
import dev.incidentbot.incident.ResolveIncidentCommand;
import dev.incidentbot.incident.ShowIncidentCommand;
import dev.incidentbot.incident.SnoozeReminderCommand;
import dev.incidentbot.incident.StakeholderOutlet;
import dev.incidentbot.incident.StatusUpdatePublisher;
import dev.incidentbot.incident.StatusUpdateRenderer;
import dev.incidentbot.incident.TimelineRecordingCommand;
import dev.incidentbot.incident.UpdateIncidentCommand;
import dev.incidentbot.incident.UpdateReminders;
import dev.incidentbot.recovery.ActionExecutor;
import dev.incidentbot.recovery.AuditCommand;
import dev.incidentbot.recovery.CancelCommand;
import dev.incidentbot.recovery.ConfirmCommand;
import dev.incidentbot.recovery.ConfirmationStore;
import dev.incidentbot.recovery.PlanCommand;
import dev.incidentbot.recovery.RecoveryAction;
import dev.incidentbot.recovery.StopActionCommand;
import dev.incidentbot.recovery.action.ClientUnpauseAction;
import dev.incidentbot.recovery.action.FailoverAction;
import dev.incidentbot.recovery.action.KillClientsAction;
import dev.incidentbot.recovery.action.MemoryPurgeAction;
import dev.incidentbot.recovery.action.PersistAction;
import dev.incidentbot.recovery.action.PurgeKeysAction;
import dev.incidentbot.recovery.action.RunbookScriptAction;
import dev.incidentbot.recovery.action.ScriptKillAction;
import dev.incidentbot.recovery.action.SetMaxmemoryAction;
import dev.incidentbot.recovery.action.SetPolicyAction;
import dev.incidentbot.recovery.action.SlowlogResetAction;
import dev.incidentbot.recovery.action.TargetConnector;
import dev.incidentbot.recovery.queue.RequeueJobsAction;
import dev.incidentbot.recovery.queue.TrimQueueAction;
import dev.incidentbot.redis.NodeCalls;
import dev.incidentbot.redis.NodeResolver;
import dev.incidentbot.redis.RedisNodes;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.redis.bigkeys.BigKeysCommand;
import dev.incidentbot.redis.diagnostics.ClientsCommand;
import dev.incidentbot.redis.diagnostics.ConfigCommand;
import dev.incidentbot.redis.diagnostics.InfoCommand;
import dev.incidentbot.redis.diagnostics.LatencyCommand;
import dev.incidentbot.redis.diagnostics.MemoryCommand;
import dev.incidentbot.redis.diagnostics.SlowlogCommand;
import dev.incidentbot.redis.diagnostics.TargetsCommand;
import dev.incidentbot.redis.diagnostics.TopologyCommand;
import dev.incidentbot.redis.health.HealthCheck;
import dev.incidentbot.redis.health.HealthCommand;
import dev.incidentbot.redis.queues.QueueHealth;
import dev.incidentbot.redis.queues.QueueSurvey;
import dev.incidentbot.redis.queues.QueuesCommand;
import dev.incidentbot.redis.queues.WorkerRegistry;
import dev.incidentbot.redis.queues.WorkersCommand;
import dev.incidentbot.review.ChartCommand;
import dev.incidentbot.review.IncidentCharts;
import dev.incidentbot.review.RegressionCharts;
import dev.incidentbot.review.ReviewCommand;
import dev.incidentbot.review.ReviewDraft;
import dev.incidentbot.sample.SampleJob;
import dev.incidentbot.sample.SampleStore;
import dev.incidentbot.sample.SamplingTimeline;
import dev.incidentbot.sample.TargetSampler;
import dev.incidentbot.schedule.JobHandler;
import dev.incidentbot.schedule.Scheduler;
import dev.incidentbot.template.Templates;
import dev.incidentbot.timeline.Timeline;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The one place where the bot is put together: every store, command and the router, built with
 * constructor injection from the configuration. Adapters (console, Discord) are given the result.
 * Tests build their own with the same method.
 *
 * <p>Start-up order: templates are loaded and checked first (a broken template stops the bot with
 * its file and line before anything else opens), then the database, then everything else. Then the
 * chat adapter is built from {@link #router()} and handed to {@link #start(Outbox)}, which attaches
 * it and starts scheduled jobs, then reports the actions a stopped bot left running (and keeps
 * looking, for other instances that stop). {@link #close()} stops the scheduler (waiting for
 * running jobs), the worker pools, this instance's heartbeat and the database, in that order.
 */
public final class Wiring implements AutoCloseable {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Wiring.class);

  /**
   * Builds the scheduler; it looks handlers up by job type when a job runs, since the handlers need
   * the scheduler themselves.
   */
  @FunctionalInterface
  public interface SchedulerFactory {
    Scheduler create(Function<String, JobHandler> handlerFor);
  }

  private final BotConfig config;
  private final Clock clock;
  private final Database database;
  private final AuditLog audit;
  private final ComponentStore components;
  private final ConfirmationStore confirmations;
  private final Targets targets;
  private final ExecutorService workers;
  private final ExecutorService redisCalls;
  private final Router router;
  private final AdapterOutbox outbox = new AdapterOutbox();
  private final Map<String, JobHandler> jobHandlers = new ConcurrentHashMap<>();
  private final JdbcJobState jobState;
  private final Scheduler scheduler;
  private final FollowUps followUps;
  private final IncidentStore incidents;
  private final Timeline timeline;
  private final SampleStore samples;
  private final BotMetrics metrics;
  private final ExecutorService alertWorkers;
  private final AlertIntake alertIntake;
  private final ScheduledExecutorService alertInbox =
      Executors.newSingleThreadScheduledExecutor(named("alert-inbox"));
  private final BotInstance instance;
  private ActionExecutor executor;
  private final java.util.concurrent.ScheduledExecutorService sweeps =
      Executors.newSingleThreadScheduledExecutor(named("interrupted-actions"));
  private volatile BotHttpServer http;
  private final dev.incidentbot.bot.alertmanager.Silencing silencing;
  private final ReplyViews views;

  /** Whether {@link #start} ran: this instance answers in chat and runs scheduled work (leader). */
  private volatile boolean started;

  /** Whether the scheduler was started, by {@link #standBy} or {@link #start}. */
  private volatile boolean scheduling;

  /** A standby's outbox, until this instance leads; null on a leader from the start. */
  private volatile RelayedOutbox standbyOutbox;

  /** The leader's side of the relay, on PostgreSQL once {@link #start started}. */
  private volatile OutboxRelay relay;

  /** Whether this instance holds the gateway lease: the only one handling alerts. */
  private volatile boolean leader;

  /** The bot with its Quartz scheduler. */
  public Wiring(BotConfig config, Clock clock) {
    this(config, clock, null, List.of());
  }

  /**
   * @param schedulers builds the scheduler, or null for Quartz in the bot's database
   * @throws dev.incidentbot.template.TemplateException when a template is unusable
   */
  public Wiring(BotConfig config, Clock clock, SchedulerFactory schedulers) {
    this(config, clock, schedulers, List.of());
  }

  /**
   * The bot with {@code extraCommands} registered after the built-in ones: for tests that need a
   * command of their own (a slow one, one with buttons).
   *
   * @param schedulers builds the scheduler, or null for Quartz in the bot's database
   */
  public Wiring(
      BotConfig config,
      Clock clock,
      SchedulerFactory schedulers,
      List<? extends Command> extraCommands) {
    // Long on purpose: the one wiring place, every construction in order, read top to bottom
    // (STYLE: one explicit wiring place).
    this.config = config;
    this.clock = clock;
    IncidentSettings incidentSettings = config.incidents().behaviour();
    this.targets = new Targets(config.targets());
    var renderer =
        new StatusUpdateRenderer(
            new Templates(config.incidents().templates()), targets, incidentSettings);
    this.views = ReplyViews.load(new Templates(config.incidents().templates()));
    this.database = Database.open(config.store());
    this.metrics = new BotMetrics();
    this.audit = new MeteredAuditLog(new JdbcAuditLog(database), metrics, Wiring::isChangingAction);
    this.components = new JdbcComponentStore(database, clock);
    this.workers = Executors.newCachedThreadPool(named("worker"));
    this.redisCalls = Executors.newCachedThreadPool(named("redis"));
    this.jobState = new JdbcJobState(database, clock);
    this.scheduler =
        schedulers != null
            ? schedulers.create(jobHandlers::get)
            : new QuartzScheduler(
                database,
                jobHandlers,
                jobState,
                clock,
                QuartzScheduler.Settings.DEFAULTS.forShortestInterval(
                    config.followUps().minInterval()));
    this.incidents = new JdbcIncidentStore(database);
    this.samples = new JdbcSampleStore(database);
    this.timeline =
        new SamplingTimeline(new IncidentTimeline(incidents), jobState, config.samples(), clock);

    this.instance = BotInstance.start(database, clock);
    this.confirmations = new JdbcConfirmationStore(database, clock, instance);

    var nodes = new RedisNodes();
    var resolver = new NodeResolver(redisCalls);
    var queueSurvey = new QueueSurvey(clock);
    var workerRegistry = new WorkerRegistry(clock);
    var health =
        new HealthCheck(
            nodes, redisCalls, resolver, List.of(new QueueHealth(queueSurvey, workerRegistry)));
    var calls = new NodeCalls(nodes, resolver, redisCalls);
    var queueDepths = new SurveyedQueueDepths(queueSurvey, calls);
    register(
        new SampleJob(
            targets,
            incidents,
            jobState,
            samples,
            new TargetSampler(calls, config.samples(), clock),
            config.samples(),
            redisCalls,
            clock));
    this.followUps = new FollowUps(scheduler, jobState, config.followUps(), queueDepths, clock);
    this.silencing =
        new dev.incidentbot.bot.alertmanager.Silencing(
            config.alerts(), database, scheduler, outbox, timeline, clock);
    register(silencing.endingHandler());
    var jobs = new RunningJobs();
    List<Command> features = new ArrayList<>();
    features.add(new HealthCommand(targets, health));
    features.add(new TargetsCommand(targets, calls, redisCalls));
    features.add(new InfoCommand(targets, calls));
    features.add(new MemoryCommand(targets, calls));
    features.add(new LatencyCommand(targets, calls));
    features.add(new SlowlogCommand(targets, calls));
    features.add(new ClientsCommand(targets, calls));
    features.add(new ConfigCommand(targets, calls));
    features.add(new TopologyCommand(targets, calls));
    features.add(new BigKeysCommand(targets, nodes, resolver, jobs, redisCalls));
    features.add(new QueuesCommand(targets, queueSurvey, calls));
    features.add(new WorkersCommand(targets, workerRegistry, calls));
    features.addAll(recoveryCommands(new TargetConnector(targets, nodes, resolver), health));

    List<Command> commands = new ArrayList<>();
    commands.add(new HelpCommand(this::specs, this::notSetUp));
    commands.add(new StopCommand(jobs));
    for (Command command : features) {
      commands.add(
          TimelineRecordingCommand.worthRecording(command.spec())
              ? new TimelineRecordingCommand(command, timeline)
              : command);
    }
    commands.addAll(incidentCommands(renderer, incidentSettings));
    commands.addAll(reviewCommands());
    commands.addAll(followUpCommands(health, nodes, queueDepths));
    commands.add(
        new TriageCommand(
            targets, new SharedHealthChecks(health), this::hasCommand, views.triage()));
    commands.addAll(extraCommands);
    this.router = new Router(commands, notConfigured(), audit, targets::names);

    AlertsSection alerts = config.alerts();
    this.alertWorkers = Executors.newFixedThreadPool(alerts.intake().workers(), named("alert"));
    var groups = new JdbcAlertGroupStore(database);
    var responder =
        new AlertResponder(
            outbox,
            groups,
            new AlertTargets(alerts.matchers(), alerts.targetLabel(), targets.names()),
            router,
            new IncidentsForAlerts(router, incidents, clock),
            timeline,
            alerts.intake(),
            clock,
            metrics,
            silencing.groupActions(),
            views.alerts());
    var inbox =
        new JdbcAlertInbox(
            database,
            instance.id(),
            JdbcAlertInbox.DEFAULT_LEASE,
            JdbcAlertInbox.DEFAULT_RETENTION,
            () -> started,
            () -> leader);
    this.alertIntake =
        new AlertIntake(inbox, responder, alerts.intake(), clock, metrics, alertWorkers);
    metrics.queueDepth(alertIntake::pending);
    metrics.pool("worker", workers);
    metrics.pool("redis", redisCalls);
    metrics.pool("alert", alertWorkers);
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
   * webhook (with {@code alerts.token}), {@code /healthz} (database, scheduler, plus {@code probes}
   * such as the Discord connection) and {@code /metrics}, its {@link #role}. Call once the bot is
   * {@link #start started}, or before on a standby instance: it stores the alerts it takes for the
   * leader.
   *
   * @throws java.io.UncheckedIOException when the port cannot be opened
   */
  public Optional<BotHttpServer> startHttp(List<HealthProbe> probes) {
    if (config.http() == null) {
      return Optional.empty();
    }
    var all = new ArrayList<HealthProbe>();
    all.add(HealthProbe.explained("database", database::problem));
    all.add(new HealthProbe("scheduler", () -> !scheduling || scheduler.running()));
    all.addAll(probes);
    BotHttpServer server =
        BotHttpServer.start(
            config.http(), config.alerts().webhookToken(), alertIntake, all, metrics, this::role);
    http = server;
    return Optional.of(server);
  }

  /** Where alerts from every source enter. */
  public AlertIntake alertIntake() {
    return alertIntake;
  }

  public BotMetrics metrics() {
    return metrics;
  }

  /** Commands that exist but are left out by this config, with what would set them up. */
  private Map<String, String> notConfigured() {
    return config.scripts().isEmpty()
        ? Map.of(
            "runbook run",
            "No runbook scripts are configured (scripts: in the config, see config.example.yml).")
        : Map.of();
  }

  private List<Command> recoveryCommands(TargetConnector connector, HealthCheck health) {
    List<RecoveryAction> actions =
        List.of(
            new PurgeKeysAction(connector),
            new KillClientsAction(connector),
            new SetMaxmemoryAction(connector),
            new SetPolicyAction(connector),
            new PersistAction(connector),
            new MemoryPurgeAction(connector),
            new SlowlogResetAction(connector),
            new ScriptKillAction(connector),
            new ClientUnpauseAction(connector),
            new FailoverAction(connector),
            new TrimQueueAction(connector, clock),
            new RequeueJobsAction(connector, clock));
    actions = new ArrayList<>(actions);
    if (!config.scripts().isEmpty()) {
      actions.add(new RunbookScriptAction(config.scripts()));
    }
    actions.addAll(silencing.actions());
    var policy = config.recovery();
    this.executor =
        new ActionExecutor(
            actions,
            confirmations,
            new JdbcTargetLocks(database, clock),
            audit,
            timeline,
            followUps,
            health,
            targets,
            clock,
            ActionExecutor.LOCK_LEASE,
            views.plans());
    List<Command> commands = new ArrayList<>();
    for (RecoveryAction action : actions) {
      commands.add(
          silencing.command(new PlanCommand(action, confirmations, policy, clock, views.plans())));
    }
    commands.addAll(silencing.commands());
    commands.add(new ConfirmCommand(confirmations, executor));
    commands.add(new CancelCommand(confirmations, timeline, clock));
    commands.add(new StopActionCommand(confirmations));
    commands.add(new AuditCommand(confirmations, audit));
    return commands;
  }

  private List<Command> incidentCommands(StatusUpdateRenderer renderer, IncidentSettings settings) {
    var reminders = new UpdateReminders(scheduler, settings);
    register(new ReminderJobHandler(incidents, outbox, reminders, clock, views.reminder()));
    StakeholderOutlet outlet =
        config.incidents().webhooks().isEmpty()
            ? StakeholderOutlet.NONE
            : new WebhookOutlet(config.incidents().webhooks(), incidents, clock);
    var publisher = new StatusUpdatePublisher(incidents, renderer, outbox, outlet, reminders);
    var lookup = new IncidentLookup(incidents);
    return List.of(
        new DeclareIncidentCommand(incidents, targets, outbox, publisher, settings, followUps),
        new UpdateIncidentCommand(lookup, publisher, settings),
        silencing.afterResolve(new ResolveIncidentCommand(lookup, publisher, settings), lookup),
        new AssignIncidentCommand(lookup, incidents, outbox, settings),
        new ShowIncidentCommand(lookup, renderer, reminders),
        new ListIncidentsCommand(incidents),
        new IncidentTimelineCommand(lookup, incidents, audit, clock),
        new SnoozeReminderCommand(lookup, incidents, reminders, settings));
  }

  /** {@code /incident chart} and {@code /incident review}, from the samples and the timeline. */
  private List<Command> reviewCommands() {
    var lookup = new IncidentLookup(incidents);
    var charts = new IncidentCharts(incidents, samples, targets, config.samples(), clock);
    var drafts =
        new ReviewDraft(
            new Templates(config.incidents().templates()),
            incidents,
            confirmations,
            targets,
            charts,
            clock);
    return List.of(new ChartCommand(lookup, charts), new ReviewCommand(lookup, drafts, outbox));
  }

  private List<Command> followUpCommands(
      HealthCheck health, RedisNodes nodes, QueueDepths queueDepths) {
    var charts =
        new RegressionCharts(
            incidents, new IncidentCharts(incidents, samples, targets, config.samples(), clock));
    register(
        new FollowUpCheck(
            targets,
            health,
            queueDepths,
            jobState,
            outbox,
            timeline,
            clock,
            charts,
            views.followUp()));
    register(new IncidentWatch(targets, health, jobState, outbox, timeline, clock));
    register(new RoutineCheck(targets, health, nodes, jobState, outbox, config.followUps(), clock));
    return List.of(
        new ScheduleFollowUpCommand(targets, health, followUps, config.followUps(), clock),
        new ListFollowUpsCommand(scheduler, clock),
        new CancelFollowUpCommand(scheduler));
  }

  private void register(JobHandler handler) {
    if (jobHandlers.putIfAbsent(handler.type(), handler) != null) {
      throw new IllegalStateException("two handlers for job type " + handler.type());
    }
  }

  /**
   * Runs this instance's share of the scheduled work while another instance holds the Discord
   * gateway (several instances on one PostgreSQL database): starts the clustered scheduler with an
   * outbox that asks the leader to post ({@link RelayedOutbox}). Nothing else: commands, alerts and
   * the sweep for interrupted actions are the leader's. On H2 (one instance) this does nothing.
   *
   * @param places where each channel is, from the configuration
   */
  public void standBy(Function<Outbox.Channel, Place> places) {
    if (!database.isPostgres() || started) {
      return;
    }
    var relayed = new RelayedOutbox(database, instance.id(), clock, places);
    standbyOutbox = relayed;
    outbox.attach(relayed);
    startScheduledWork();
    log.info("standby: running a share of the scheduled work; the leader posts its results");
  }

  /**
   * Starts the work that posts on its own, once the chat adapter is ready: attaches its outbox (in
   * place of a standby's relay), makes the posts standbys ask for, brings routine checks in line
   * with the configuration and starts the scheduler unless it runs already (which then runs what
   * was missed while the bot was down), then reports, on a thread of its own, every action left
   * running by a bot instance that stopped ({@link ActionExecutor#recoverInterrupted}), and looks
   * again every {@link #INTERRUPTED_SWEEP}. Once, at start-up.
   */
  public void start(Outbox adapter) {
    outbox.attach(adapter);
    started = true; // from now on alerts are handled here, not left for another instance
    alertIntake.resume(); // accepted notifications first, in order
    // on PostgreSQL, standby instances store alerts for this one: collect them every second
    long every = database.isPostgres() ? 1000 : JdbcAlertInbox.DEFAULT_LEASE.toMillis() / 3;
    alertInbox.scheduleWithFixedDelay(alertIntake::maintain, every, every, TimeUnit.MILLISECONDS);
    if (database.isPostgres()) {
      relay = OutboxRelay.start(database, instance.id(), clock, adapter);
    }
    if (!scheduling) {
      startScheduledWork();
    }
    // actions a stopped bot left running: now, then as other instances may stop
    sweeps.scheduleWithFixedDelay(
        () -> executor.recoverInterrupted(outbox),
        0,
        INTERRUPTED_SWEEP.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Routine checks and samples as configured, then the scheduler: once per process. */
  private void startScheduledWork() {
    jobState.forgetOld();
    new RoutineSchedule(scheduler).apply(config.followUps().routine());
    SampleJob.schedule(scheduler, config.samples(), clock);
    scheduler.start();
    scheduling = true;
  }

  /** How often this instance looks for actions left running by a bot instance that stopped. */
  static final java.time.Duration INTERRUPTED_SWEEP = java.time.Duration.ofSeconds(15);

  /** Follow-ups after actions and incident watches: recovery and incidents schedule through it. */
  public FollowUps followUps() {
    return followUps;
  }

  /** The handler for each job type, for the scheduler. */
  public Map<String, JobHandler> jobHandlers() {
    return Map.copyOf(jobHandlers);
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  public IncidentStore incidents() {
    return incidents;
  }

  /** Samples of the targets of incidents and recovery actions. */
  public SampleStore samples() {
    return samples;
  }

  /** The timeline every feature records into. */
  public Timeline timeline() {
    return timeline;
  }

  private Map<String, String> notSetUp() {
    return router.unavailable();
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

  public Targets targets() {
    return targets;
  }

  public Database database() {
    return database;
  }

  /**
   * "leader" once {@link #start started} (it answers in chat and posts), "standby" before: an
   * instance waiting for the gateway lease takes alert webhooks and, on PostgreSQL, runs its share
   * of the scheduled work ({@link #standBy}).
   */
  public String role() {
    return started ? "leader" : "standby";
  }

  /**
   * Marks this instance as the gateway leader, before {@link #start}: the only instance that
   * handles alerts, so at start it takes over every pending one at once, also those the previous
   * leader held when it died.
   */
  public void lead() {
    leader = true;
  }

  /**
   * This instance lost the gateway lease: from now on it claims and handles no alert (those it
   * holds go to the next leader), while it shuts down.
   */
  public void stepDown() {
    leader = false;
    started = false;
  }

  /** This bot instance's id among the instances sharing the database. */
  public String instanceId() {
    return instance.id();
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
    alertInbox.shutdownNow();
    alertWorkers.shutdown();
    try {
      alertWorkers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sweeps.shutdownNow();
    OutboxRelay leading = relay;
    if (leading != null) {
      leading.close();
    }
    RelayedOutbox relayed = standbyOutbox;
    if (relayed != null) {
      relayed.close(); // jobs waiting for a leader give up now, so the scheduler can stop
    }
    scheduler.close();
    workers.shutdown();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // once no action runs here: one still running is then reported as interrupted by the next
    instance.close();
    // after the workers: a reply still being worked on may be waiting for its Redis call
    redisCalls.shutdownNow();
    metrics.close();
    // last: H2's own shutdown hook would otherwise wait seconds for the idle session it holds
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
