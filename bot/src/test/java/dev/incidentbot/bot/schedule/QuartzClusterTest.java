package dev.incidentbot.bot.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.config.StoreConfig;
import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.JdbcJobState;
import dev.incidentbot.schedule.Job;
import dev.incidentbot.schedule.JobHandler;
import dev.incidentbot.schedule.JobRun;
import dev.incidentbot.testing.PostgresServer;
import dev.incidentbot.testing.SharedPostgres;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("QuartzScheduler clustered on a real PostgreSQL")
class QuartzClusterTest {
  private static final Clock CLOCK = Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
  @RegisterExtension static final SharedPostgres pg = new SharedPostgres();

  /** Records which instance ran which job. */
  private record Recorder(String instance, List<String> log) implements JobHandler {
    @Override
    public String type() {
      return "test-check";
    }

    @Override
    public void run(JobRun run) {
      log.add(run.jobId() + "@" + run.scheduledFor().toEpochMilli() + " on " + instance);
    }
  }

  @Test
  @DisplayName("two instances share the work and run every job exactly once")
  void eachJobRunsOnce() throws Exception {
    String url = pg.createDatabase("cluster");
    var store = new StoreConfig(url, PostgresServer.USER, null);
    List<String> log = new CopyOnWriteArrayList<>();
    try (Database dbA = Database.open(store);
        Database dbB = Database.open(store);
        var a = scheduler(dbA, new Recorder("a", log));
        var b = scheduler(dbB, new Recorder("b", log))) {
      Instant start = CLOCK.instant().plusMillis(1500);
      var ids = new ArrayList<String>();
      for (int i = 0; i < 60; i++) {
        var owner = i % 2 == 0 ? a : b;
        ids.add(
            owner.schedule(
                Job.once(
                    "test-check",
                    "action:" + i,
                    Map.of("channel", "ops"),
                    start.plusMillis(25L * i),
                    "one-off " + i)));
      }
      String repeating =
          a.schedule(
              Job.repeating(
                  "test-check",
                  "followup:r",
                  Map.of("channel", "ops"),
                  start,
                  Duration.ofMillis(400),
                  start.plusMillis(2000),
                  "every 400 ms"));
      a.start();
      b.start();

      Awaitility.await("66 runs")
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> log.size() >= 66);
      // and no more for 1.5 s: a duplicate would show up now
      Awaitility.await("no duplicate run")
          .during(Duration.ofMillis(1500))
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(log).hasSize(66));

      Map<String, Long> runsPerJob =
          log.stream()
              .map(line -> line.substring(0, line.indexOf('@')))
              .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
      for (String id : ids) {
        assertThat(runsPerJob.get(id)).as("runs of %s in %s", id, log).isEqualTo(1L);
      }
      List<String> repeatRuns = log.stream().filter(l -> l.startsWith(repeating + "@")).toList();
      assertThat(repeatRuns).hasSize(6);
      assertThat(new HashSet<>(repeatRuns.stream().map(l -> l.split(" ")[0]).toList())).hasSize(6);
      assertThat(log).hasSize(66);
      assertThat(log.stream().map(l -> l.substring(l.lastIndexOf(' ') + 1)).distinct())
          .as("both instances ran jobs")
          .containsExactlyInAnyOrder("a", "b");
    }
  }

  @Test
  @DisplayName("the migrations create Quartz's tables and job state on PostgreSQL")
  void migrationsOnPostgres() {
    var store = new StoreConfig(pg.createDatabase("migrated"), PostgresServer.USER, null);
    try (Database db = Database.open(store)) {
      var state = new JdbcJobState(db, CLOCK);
      state.put("action:1", "baseline", "memory=91");
      state.put("action:1", "baseline", "memory=42");
      assertThat(state.get("action:1", "baseline")).contains("memory=42");
      state.clear("action:1");
      assertThat(state.get("action:1", "baseline")).isEmpty();
      try (var scheduler = scheduler(db, new Recorder("x", new ArrayList<>()))) {
        scheduler.put(
            "routine-main", Job.cron("test-check", "routine", Map.of(), "0 0 9 * * ?", "r"));
        assertThat(scheduler.pending("routine")).hasSize(1);
      }
    }
  }

  private static QuartzScheduler scheduler(Database db, JobHandler handler) {
    var settings = new QuartzScheduler.Settings(4, Duration.ofSeconds(60), Duration.ofSeconds(2));
    return new QuartzScheduler(db, List.of(handler), new JdbcJobState(db, CLOCK), CLOCK, settings);
  }
}
