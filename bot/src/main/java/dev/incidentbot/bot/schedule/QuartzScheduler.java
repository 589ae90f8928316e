package dev.incidentbot.bot.schedule;

import dev.incidentbot.bot.store.Database;
import dev.incidentbot.schedule.Job;
import dev.incidentbot.schedule.JobHandler;
import dev.incidentbot.schedule.JobIds;
import dev.incidentbot.schedule.JobState;
import dev.incidentbot.schedule.ScheduledJob;
import dev.incidentbot.schedule.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Scheduler} port on Quartz with a JDBC job store in the bot's own database: schedules
 * survive restarts, and on PostgreSQL several bot instances form a Quartz cluster (row locks in the
 * database, {@code instanceId AUTO}) so each run happens on exactly one of them. H2 is for a single
 * instance. Misfires are handled as {@link JobCodec} documents: a run missed while the bot was down
 * runs once, late, and its {@link dev.incidentbot.schedule.JobRun} says how late.
 *
 * <p>Lifecycle: build it (schedules can be added before {@link #start}), {@link #start} it once the
 * handlers' outbox is ready, {@link #close} it to stop: close waits for running jobs to finish.
 * Thread-safe.
 */
public final class QuartzScheduler implements Scheduler {
  /** Quartz's scheduler name: instances sharing a database and this name form one cluster. */
  public static final String NAME = "incident-bot";

  private static final Logger log = LoggerFactory.getLogger(QuartzScheduler.class);

  /** How often, in ms, an idle clustered scheduler looks for runs that fall due. */
  private static final long CLUSTER_IDLE_WAIT = 1000;

  /**
   * Tuning.
   *
   * @param threads worker threads running jobs
   * @param misfireThreshold how late a run may start before it counts as missed
   * @param clusterCheckin how often a clustered instance checks in (and notices a dead one)
   */
  public record Settings(int threads, Duration misfireThreshold, Duration clusterCheckin) {
    public static final Settings DEFAULTS =
        new Settings(4, Duration.ofSeconds(10), Duration.ofSeconds(7));

    /**
     * These settings with a misfire threshold below half of {@code shortestInterval}, the most
     * frequent repetition the configuration accepts. Quartz runs a late trigger that is within the
     * threshold at once and then computes its next time from the missed one, so with a threshold of
     * 60 s an every:10s check missed for 50 s fired five stale runs in a burst. Below the interval,
     * any missed run is a misfire, and a misfire runs once, late ({@link JobCodec}). Never under
     * 250 ms: Quartz's misfire scan runs that often.
     */
    public Settings forShortestInterval(Duration shortestInterval) {
      Duration half = shortestInterval.dividedBy(2);
      Duration threshold = half.compareTo(misfireThreshold) < 0 ? half : misfireThreshold;
      if (threshold.compareTo(Duration.ofMillis(250)) < 0) {
        threshold = Duration.ofMillis(250);
      }
      return new Settings(threads, threshold, clusterCheckin);
    }
  }

  private final org.quartz.Scheduler quartz;
  private final JobState state;
  private final String dataSourceName;
  private final Clock clock;
  private volatile Instant startedAt;

  /**
   * @param handlers the handler for each job type; two for one type is refused
   */
  public QuartzScheduler(
      Database database,
      List<JobHandler> handlers,
      JobState state,
      Clock clock,
      Settings settings) {
    this(database, byType(handlers), state, clock, settings);
  }

  /**
   * @param handlers the handler for each job type, looked up when a job runs: the wiring registers
   *     handlers that need this scheduler after building it
   */
  public QuartzScheduler(
      Database database,
      Map<String, JobHandler> handlers,
      JobState state,
      Clock clock,
      Settings settings) {
    this.state = state;
    this.clock = clock;
    this.dataSourceName = "bot-db-" + JobIds.random();
    DBConnectionManager.getInstance()
        .addConnectionProvider(
            dataSourceName, new DataSourceConnectionProvider(database.dataSource()));
    Properties p = properties(database.isPostgres(), settings, dataSourceName);
    try {
      var factory = new StdSchedulerFactory(p);
      this.quartz = factory.getScheduler();
      // Quartz keeps schedulers in a JVM-wide registry by name; this bot holds its own reference,
      // so leave the registry free for another instance of the same cluster (tests, benchmarks).
      SchedulerRepository.getInstance().remove(NAME);
      quartz.setJobFactory((bundle, scheduler) -> new HandlerJob(handlers, clock, () -> startedAt));
    } catch (SchedulerException e) {
      throw new IllegalStateException(
          "could not create the Quartz scheduler: " + e.getMessage(), e);
    }
  }

  static Properties properties(boolean postgres, Settings settings, String dataSourceName) {
    var p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", NAME);
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty(
        "org.quartz.scheduler.batchTriggerAcquisitionMaxCount", String.valueOf(settings.threads()));
    p.setProperty("org.quartz.threadPool.threadCount", String.valueOf(settings.threads()));
    p.setProperty("org.quartz.threadPool.threadNamePrefix", "schedule");
    p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
    p.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
    p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    p.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
    p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
    p.setProperty("org.quartz.jobStore.useProperties", "true");
    p.setProperty(
        "org.quartz.jobStore.misfireThreshold",
        String.valueOf(settings.misfireThreshold().toMillis()));
    if (postgres) {
      p.setProperty(
          "org.quartz.jobStore.driverDelegateClass",
          "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
      p.setProperty("org.quartz.jobStore.isClustered", "true");
      p.setProperty(
          "org.quartz.jobStore.clusterCheckinInterval",
          String.valueOf(settings.clusterCheckin().toMillis()));
      p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
      // every instance runs a share of the work: an idle scheduler looks for due runs every
      // second, not Quartz's 30 s, or the instance that just fired takes the next runs too (it
      // looks again right after firing) and the others wait idle
      p.setProperty("org.quartz.scheduler.idleWaitTime", String.valueOf(CLUSTER_IDLE_WAIT));
      p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
      p.setProperty(
          "org.quartz.scheduler.instanceIdGenerator.class", HostInstanceId.class.getName());
    } else {
      p.setProperty(
          "org.quartz.jobStore.driverDelegateClass",
          "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
      p.setProperty("org.quartz.jobStore.isClustered", "false");
    }
    return p;
  }

  private static Map<String, JobHandler> byType(List<JobHandler> handlers) {
    var map = new LinkedHashMap<String, JobHandler>();
    for (JobHandler h : handlers) {
      JobHandler previous = map.putIfAbsent(h.type(), h);
      if (previous != null) {
        throw new IllegalStateException(
            "two handlers for job type '"
                + h.type()
                + "': "
                + previous.getClass().getSimpleName()
                + " and "
                + h.getClass().getSimpleName());
      }
    }
    return Map.copyOf(map);
  }

  /**
   * Starts running jobs, including those missed while the bot was down. A run due before this
   * moment says "the bot was down" in its late note; a run due after it that still starts late says
   * "the bot was busy".
   */
  @Override
  public void start() {
    try {
      startedAt = clock.instant();
      quartz.start();
      log.info(
          "scheduler started as {} ({})",
          quartz.getSchedulerInstanceId(),
          quartz.getMetaData().getJobStoreClass().getSimpleName());
    } catch (SchedulerException e) {
      throw new IllegalStateException("could not start the scheduler: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean running() {
    try {
      return quartz.isStarted() && !quartz.isShutdown() && !quartz.isInStandbyMode();
    } catch (SchedulerException e) {
      return false;
    }
  }

  @Override
  public String schedule(Job job) {
    String id = JobIds.random();
    store(id, job, false);
    return id;
  }

  @Override
  public void put(String jobId, Job job) {
    if (!JobIds.valid(jobId)) {
      throw new IllegalArgumentException("not a valid job id: '" + jobId + "'");
    }
    find(jobId).filter(k -> !k.getGroup().equals(job.group())).ifPresent(this::delete);
    store(jobId, job, true);
  }

  private void store(String id, Job job, boolean replace) {
    JobDetail detail = JobCodec.detail(id, job);
    Trigger trigger = JobCodec.trigger(id, job);
    try {
      quartz.scheduleJob(detail, Set.of(trigger), replace);
      log.debug(
          "scheduled {} ({}, group {}) first at {}",
          id,
          job.type(),
          job.group(),
          trigger.getStartTime());
    } catch (SchedulerException e) {
      throw new IllegalStateException(
          "could not schedule " + job.description() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean cancel(String jobId) {
    Optional<JobKey> key = find(jobId);
    boolean deleted = key.isPresent() && delete(key.get());
    state.clear(jobId);
    return deleted;
  }

  @Override
  public int cancelGroup(String group) {
    try {
      var keys = new ArrayList<>(quartz.getJobKeys(GroupMatcher.jobGroupEquals(group)));
      int deleted = 0;
      for (JobKey key : keys) {
        if (delete(key)) {
          deleted++;
        }
        state.clear(key.getName());
      }
      state.clear(group);
      return deleted;
    } catch (SchedulerException e) {
      throw new IllegalStateException("could not cancel group " + group + ": " + e.getMessage(), e);
    }
  }

  @Override
  public List<ScheduledJob> pending(String group) {
    try {
      var matcher = group == null ? GroupMatcher.anyJobGroup() : GroupMatcher.jobGroupEquals(group);
      var out = new ArrayList<ScheduledJob>();
      for (JobKey key : quartz.getJobKeys(matcher)) {
        if (group == null && key.getGroup().equals(Job.INTERNAL_GROUP)) {
          continue; // housekeeping, listed only when asked for by its group
        }
        JobDetail detail = quartz.getJobDetail(key);
        if (detail == null) {
          continue; // finished or cancelled meanwhile
        }
        Instant next =
            quartz.getTriggersOfJob(key).stream()
                .map(Trigger::getNextFireTime)
                .filter(d -> d != null)
                .min(Date::compareTo)
                .map(Date::toInstant)
                .orElse(null);
        out.add(new ScheduledJob(key.getName(), JobCodec.job(detail), next));
      }
      out.sort(
          Comparator.comparing(
              ScheduledJob::nextRun, Comparator.nullsFirst(Comparator.naturalOrder())));
      return out;
    } catch (SchedulerException e) {
      throw new IllegalStateException("could not list scheduled jobs: " + e.getMessage(), e);
    }
  }

  private Optional<JobKey> find(String jobId) {
    try {
      return quartz.getJobKeys(GroupMatcher.anyJobGroup()).stream()
          .filter(k -> k.getName().equals(jobId))
          .findFirst();
    } catch (SchedulerException e) {
      throw new IllegalStateException("could not look up job " + jobId + ": " + e.getMessage(), e);
    }
  }

  private boolean delete(JobKey key) {
    try {
      return quartz.deleteJob(key);
    } catch (SchedulerException e) {
      throw new IllegalStateException(
          "could not cancel job " + key.getName() + ": " + e.getMessage(), e);
    }
  }

  /** Stops the scheduler after the jobs running now have finished; schedules stay stored. */
  @Override
  public void close() {
    try {
      if (!quartz.isShutdown()) {
        quartz.shutdown(true);
        log.info("scheduler stopped");
      }
    } catch (SchedulerException e) {
      log.warn("scheduler did not stop cleanly: {}", e.getMessage());
    }
  }
}
