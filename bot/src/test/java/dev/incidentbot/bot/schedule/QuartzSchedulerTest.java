package dev.incidentbot.bot.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.config.StoreConfig;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.JdbcJobState;
import dev.incidentbot.schedule.Job;
import dev.incidentbot.schedule.JobHandler;
import dev.incidentbot.schedule.ScheduledJob;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("QuartzScheduler on H2")
class QuartzSchedulerTest {
  private static final Clock CLOCK = Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
  private static final Map<String, String> PARAMS = Map.of("channel", "ops", "target", "main");

  @TempDir Path dir;
  private Database db;
  private JdbcJobState state;
  private RecordingHandler handler;
  private QuartzScheduler scheduler;

  @BeforeEach
  void open() {
    db = Database.open(new StoreConfig("jdbc:h2:file:" + dir.resolve("bot"), null, null));
    state = new JdbcJobState(db, CLOCK);
    handler = new RecordingHandler("test-check");
  }

  @AfterEach
  void close() {
    if (scheduler != null) {
      scheduler.close();
    }
    db.close();
  }

  private QuartzScheduler start(QuartzScheduler.Settings settings) {
    scheduler = new QuartzScheduler(db, List.<JobHandler>of(handler), state, CLOCK, settings);
    scheduler.start();
    return scheduler;
  }

  private static Job once(Instant at) {
    return Job.once("test-check", "action:a1", PARAMS, at, "check of main");
  }

  @Test
  @DisplayName("a one-off job fires at its time with its parameters, then is gone")
  void firesOnce() throws Exception {
    start(QuartzScheduler.Settings.DEFAULTS);
    Instant at = CLOCK.instant().plusMillis(800);
    String id = scheduler.schedule(once(at));

    var run = handler.await(1, Duration.ofSeconds(10)).get(0);

    assertThat(run.jobId()).isEqualTo(id);
    assertThat(run.job()).isEqualTo(once(at));
    assertThat(run.scheduledFor()).isEqualTo(at);
    assertThat(run.lateness()).isLessThan(Duration.ofSeconds(1));
    assertThat(run.lateNote()).isEmpty();
    assertThat(run.place().channelId()).isEqualTo("ops");
    awaitNothingPending(); // the run is still finishing
    assertThat(handler.runs()).hasSize(1);
  }

  @Test
  @DisplayName("a repeating job runs every interval until its end, then stops")
  void repeats() throws Exception {
    start(QuartzScheduler.Settings.DEFAULTS);
    Instant first = CLOCK.instant().plusMillis(300);
    scheduler.schedule(
        Job.repeating(
            "test-check",
            "followup:x",
            PARAMS,
            first,
            Duration.ofMillis(700),
            first.plusMillis(1400),
            "x"));

    var runs = handler.await(3, Duration.ofSeconds(10));
    handler.assertRunsStay(3, Duration.ofMillis(1200));

    assertThat(runs)
        .extracting(r -> r.scheduledFor())
        .containsExactly(first, first.plusMillis(700), first.plusMillis(1400));
  }

  @Test
  @DisplayName("pending lists jobs soonest first, as scheduled; cancel and cancelGroup stop them")
  void pendingAndCancel() throws Exception {
    start(QuartzScheduler.Settings.DEFAULTS);
    Instant now = CLOCK.instant();
    String later = scheduler.schedule(once(now.plusSeconds(60)));
    String sooner = scheduler.schedule(once(now.plusSeconds(30)));
    String other =
        scheduler.schedule(
            Job.once("test-check", "incident:INC-1", PARAMS, now.plusSeconds(1), "w"));
    state.put(other, "last-posted", "x");

    assertThat(scheduler.pending(null))
        .extracting(ScheduledJob::id)
        .containsExactly(other, sooner, later);
    assertThat(scheduler.pending("action:a1"))
        .extracting(ScheduledJob::id, ScheduledJob::nextRun)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(sooner, now.plusSeconds(30)),
            org.assertj.core.groups.Tuple.tuple(later, now.plusSeconds(60)));

    assertThat(scheduler.cancel(other)).isTrue();
    assertThat(scheduler.cancel(other)).isFalse();
    assertThat(state.get(other, "last-posted")).isEmpty();
    assertThat(scheduler.cancelGroup("action:a1")).isEqualTo(2);
    assertThat(scheduler.pending(null)).isEmpty();
    handler.assertRunsStay(0, Duration.ofMillis(1500));
  }

  @Test
  @DisplayName("put keeps one job under a fixed id and replaces it")
  void putReplaces() {
    start(QuartzScheduler.Settings.DEFAULTS);
    scheduler.put("routine-main", Job.cron("test-check", "routine", PARAMS, "0 0 9 * * ?", "a"));
    scheduler.put("routine-main", Job.cron("test-check", "routine", PARAMS, "0 0 10 * * ?", "b"));

    List<ScheduledJob> pending = scheduler.pending("routine");
    assertThat(pending).hasSize(1);
    assertThat(pending.get(0).job().cron()).isEqualTo("0 0 10 * * ?");
    assertThat(pending.get(0).nextRun().atZone(java.time.ZoneOffset.UTC).getHour()).isEqualTo(10);
  }

  @Test
  @DisplayName("a run missed while stopped runs once after the restart, saying how late it is")
  void restartRunsMissedJobLate() throws Exception {
    start(QuartzScheduler.Settings.DEFAULTS);
    Instant at = CLOCK.instant().plusMillis(500);
    String id = scheduler.schedule(once(at));
    scheduler.close();
    Thread.sleep(3000); // the run is due while the scheduler is stopped, and more than 2 s passes
    assertThat(handler.runs()).isEmpty();
    start(QuartzScheduler.Settings.DEFAULTS);
    var run = handler.await(1, Duration.ofSeconds(10)).get(0);
    handler.assertRunsStay(1, Duration.ofMillis(500));

    assertThat(run.jobId()).isEqualTo(id);
    assertThat(run.scheduledFor()).isEqualTo(at);
    assertThat(run.lateness()).isGreaterThan(Duration.ofMillis(2400));
    assertThat(run.lateNote())
        .get()
        .asString()
        .matches("late by \\d+(\\.\\d)? s: the bot was down");
  }

  @Test
  @DisplayName(
      "a run held up while the scheduler was running (its only thread busy) says the bot was busy,"
          + " not down")
  void lateWhileRunningSaysBusy() throws Exception {
    JobHandler slow =
        new JobHandler() {
          @Override
          public String type() {
            return "slow-check";
          }

          @Override
          public void run(dev.incidentbot.schedule.JobRun run) {
            try {
              Thread.sleep(4000); // a slow job: holds the only thread
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    var oneThread = new QuartzScheduler.Settings(1, Duration.ofSeconds(60), Duration.ofSeconds(7));
    scheduler = new QuartzScheduler(db, List.of(handler, slow), state, CLOCK, oneThread);
    scheduler.start();
    Instant now = CLOCK.instant();
    scheduler.schedule(Job.once("slow-check", "action:a0", PARAMS, now.plusMillis(300), "slow"));
    Instant at = now.plusMillis(600);
    scheduler.schedule(once(at));

    var run = handler.await(1, Duration.ofSeconds(15)).get(0);

    assertThat(run.scheduledFor()).isEqualTo(at);
    assertThat(run.lateness()).isGreaterThan(Duration.ofSeconds(3));
    assertThat(run.missedWhileDown()).isFalse();
    assertThat(run.lateNote())
        .get()
        .asString()
        .matches("late by \\d+(\\.\\d)? s: the bot was busy");
  }

  @Test
  @DisplayName("past the misfire threshold: one late run for all missed runs, no burst")
  void misfiredRepeatingJobRunsOnce() throws Exception {
    var settings = new QuartzScheduler.Settings(4, Duration.ofMillis(500), Duration.ofSeconds(7));
    start(settings);
    Instant first = CLOCK.instant().plusMillis(400);
    Instant oneOff = first.plusMillis(100);
    scheduler.schedule(
        Job.repeating(
            "test-check",
            "followup:r",
            PARAMS,
            first,
            Duration.ofSeconds(1),
            first.plusSeconds(20),
            "r"));
    scheduler.schedule(once(oneOff));
    scheduler.close();
    Thread.sleep(4000); // about four runs of the repeating job missed

    start(settings);
    var runs = handler.await(2, Duration.ofSeconds(10));
    handler.assertRunsStay(2, Duration.ofMillis(600));

    var repeating = runs.stream().filter(r -> r.job().every() != null).findFirst().orElseThrow();
    var single = runs.stream().filter(r -> r.job().every() == null).findFirst().orElseThrow();
    assertThat(repeating.scheduledFor()).isEqualTo(first);
    assertThat(single.scheduledFor()).isEqualTo(oneOff);
    assertThat(repeating.lateness()).isGreaterThan(Duration.ofMillis(3500));
    assertThat(single.lateNote()).isPresent();

    var next = handler.await(3, Duration.ofSeconds(5)).get(2);
    assertThat(next.job().every()).isNotNull();
    assertThat(next.lateness()).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  @DisplayName(
      "with the shortest interval the config accepts (1s), a 4 s outage of an every:1s check gives"
          + " one late run, not a burst of stale ones")
  void shortIntervalsNeverBurst() throws Exception {
    var settings = QuartzScheduler.Settings.DEFAULTS.forShortestInterval(Duration.ofSeconds(1));
    assertThat(settings.misfireThreshold()).isEqualTo(Duration.ofMillis(500));
    start(settings);
    Instant first = CLOCK.instant().plusMillis(300);
    scheduler.schedule(
        Job.repeating(
            "test-check",
            "followup:r",
            PARAMS,
            first,
            Duration.ofSeconds(1),
            first.plusSeconds(30),
            "r"));
    scheduler.close();
    Thread.sleep(4000); // about four runs of the repeating job missed

    start(settings);
    handler.await(1, Duration.ofSeconds(10));
    // a burst would have fired the other missed runs by now
    handler.assertRunsStay(1, Duration.ofMillis(700));

    assertThat(handler.runs().get(0).lateNote()).isPresent();
  }

  @Test
  @DisplayName("the misfire threshold stays under half the shortest interval, within 250 ms–10 s")
  void thresholdFollowsShortestInterval() {
    var d = QuartzScheduler.Settings.DEFAULTS;
    assertThat(d.forShortestInterval(Duration.ofMinutes(1)).misfireThreshold())
        .isEqualTo(Duration.ofSeconds(10));
    assertThat(d.forShortestInterval(Duration.ofSeconds(10)).misfireThreshold())
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(d.forShortestInterval(Duration.ofMillis(100)).misfireThreshold())
        .isEqualTo(Duration.ofMillis(250));
  }

  private void awaitNothingPending() {
    Awaitility.await("no job pending")
        .atMost(Duration.ofSeconds(3))
        .pollInterval(Duration.ofMillis(50))
        .untilAsserted(() -> assertThat(scheduler.pending(null)).isEmpty());
  }
}
