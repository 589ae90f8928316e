package dev.incidentbot.sample;

import dev.incidentbot.incident.Incident;
import dev.incidentbot.incident.IncidentStore;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Targets;
import dev.incidentbot.schedule.Job;
import dev.incidentbot.schedule.JobHandler;
import dev.incidentbot.schedule.JobRun;
import dev.incidentbot.schedule.JobState;
import dev.incidentbot.schedule.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the one {@value #TYPE} job: every {@link SampleSettings#every()}, samples each target of an
 * open incident and each target a recovery action touched less than {@link
 * SampleSettings#afterAction()} ago (see {@link SamplingTimeline}), all targets at once, then
 * deletes samples older than the retention.
 *
 * <p>A target sampled less than half a cadence ago is skipped, so a run that comes late after a
 * restart, or a second instance's run, does not sample twice. Called on a scheduler thread; blocks
 * up to the longest target timeout.
 */
public final class SampleJob implements JobHandler {
  public static final String TYPE = "incident-samples";

  /** The fixed id of the one sampling job (in {@link Job#INTERNAL_GROUP}). */
  public static final String JOB_ID = "samples";

  /** JobState key under which {@link SamplingTimeline} keeps, per target, when sampling ends. */
  static final String STATE_KEY = "samples";

  private static final Logger log = LoggerFactory.getLogger(SampleJob.class);

  private final Targets targets;
  private final IncidentStore incidents;
  private final JobState state;
  private final SampleStore store;
  private final TargetSampler sampler;
  private final SampleSettings settings;
  private final ExecutorService executor;
  private final Clock clock;

  public SampleJob(
      Targets targets,
      IncidentStore incidents,
      JobState state,
      SampleStore store,
      TargetSampler sampler,
      SampleSettings settings,
      ExecutorService executor,
      Clock clock) {
    this.targets = targets;
    this.incidents = incidents;
    this.state = state;
    this.store = store;
    this.sampler = sampler;
    this.settings = settings;
    this.executor = executor;
    this.clock = clock;
  }

  @Override
  public String type() {
    return TYPE;
  }

  /**
   * Schedules the sampling job under {@link #JOB_ID} unless it is already scheduled at this cadence
   * (so a restart keeps its rhythm). Safe on several instances at once.
   */
  public static void schedule(Scheduler scheduler, SampleSettings settings, Clock clock) {
    Duration every = settings.every();
    boolean current =
        scheduler.pending(Job.INTERNAL_GROUP).stream()
            .anyMatch(s -> s.id().equals(JOB_ID) && every.equals(s.job().every()));
    if (!current) {
      scheduler.put(
          JOB_ID,
          Job.repeating(
              TYPE,
              Job.INTERNAL_GROUP,
              Map.of(),
              clock.instant().plus(every),
              every,
              null,
              "samples of incident targets every "
                  + dev.incidentbot.format.Durations.format(every)));
    }
  }

  @Override
  public void run(JobRun run) {
    sampleNow();
    int pruned = store.pruneBefore(clock.instant().minus(settings.retention()));
    if (pruned > 0) {
      log.info("samples: {} older than {} deleted", pruned, settings.retention());
    }
  }

  /** Samples every target that should be sampled now; returns the samples stored. */
  public List<Sample> sampleNow() {
    Instant now = clock.instant();
    Duration half = settings.every().dividedBy(2);
    var futures = new ArrayList<CompletableFuture<Optional<Sample>>>();
    for (Target target : due(now)) {
      futures.add(
          CompletableFuture.supplyAsync(
              () -> {
                Sample previous = store.latest(target.name()).orElse(null);
                if (previous != null
                    && Duration.between(previous.takenAt(), now).compareTo(half) < 0) {
                  return Optional.empty();
                }
                Sample s = sampler.sample(target, previous);
                store.record(s);
                if (!s.answered()) {
                  log.info("target {}: sample not measured: {}", target.name(), s.problem());
                }
                return Optional.of(s);
              },
              executor));
    }
    var out = new ArrayList<Sample>();
    for (var f : futures) {
      try {
        f.join().ifPresent(out::add);
      } catch (RuntimeException e) {
        log.warn("samples: one target's sample failed", e);
      }
    }
    return out;
  }

  /** The targets of open incidents, then those still in an after-action window. */
  List<Target> due(Instant now) {
    Set<String> names = new LinkedHashSet<>();
    for (Incident incident : incidents.open()) {
      names.addAll(incident.targets());
    }
    for (Target t : targets.all()) {
      state
          .get(STATE_KEY, SamplingTimeline.untilName(t.name()))
          .map(v -> Instant.ofEpochMilli(Long.parseLong(v)))
          .filter(until -> until.isAfter(now))
          .ifPresent(until -> names.add(t.name()));
    }
    return targets.all().stream().filter(t -> names.contains(t.name())).toList();
  }
}
