package dev.incidentbot.bot.incident;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.sample.Sample;
import dev.incidentbot.testing.RedisExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@DisplayName(
    "Samples: a real redis-server sampled by Quartz while an incident is open, then pruned")
class SampleRecordingTest {
  @RegisterExtension static final RedisExtension redis = new RedisExtension("--maxmemory", "64mb");

  @TempDir Path files;

  ConsoleBot bot;

  @AfterEach
  void stop() {
    if (bot != null) {
      bot.close();
    }
  }

  private static final String SAMPLES =
      """
      samples:
        every: 1s
        afterAction: 3s
        retention: 1h
        queues:
          cache: [rq:default, bull:emails]
      """;

  @Test
  @DisplayName(
      "nothing is sampled without an incident; once declared, every target of it is sampled each"
          + " second (memory, latency, clients, queues; the dead one says why), rates from the"
          + " second sample on, samples past the retention deleted, sampling stops at resolve")
  void sampledAtCadenceAndPruned() throws Exception {
    try (var jedis = redis.server().client()) {
      jedis.flushAll();
      jedis.lpush("rq:queue:default", "a", "b", "c");
      jedis.lpush("bull:emails:wait", "1", "2");
      jedis.zadd("bull:emails:prioritized", 1, "3");
      jedis.set("k", "v");
    }
    bot =
        new ConsoleBot(
            ConsoleBot.config(redis.server().url(), SAMPLES), Clock.systemUTC(), null, files);
    var store = bot.wiring.samples();
    Instant start = Instant.now();
    staysEmpty(
        "no incident open: nothing sampled",
        () -> store.between(List.of("cache", "sessions"), start.minusSeconds(60), Instant.now()));

    // an old sample, past the 1 h retention, and a recent one from before the incident
    Instant old = Instant.now().minus(Duration.ofHours(2));
    store.record(Sample.unanswered("cache", old, "timed out"));

    bot.type(
        "/incident declare title:Cache full severity:P1 targets:cache,sessions impact:Slow posts\n");
    Instant declared = Instant.now();
    await(() -> samples(store, "cache", declared), l -> !l.isEmpty());
    try (var jedis = redis.server().client()) {
      for (int i = 0; i < 20; i++) {
        jedis.get("k");
        jedis.get("missing");
      }
    }
    List<Sample> cache = await(() -> samples(store, "cache", declared), l -> l.size() >= 4);

    assertThat(store.between(List.of("cache"), old.minusSeconds(1), old.plusSeconds(1)))
        .as("the sample past the retention was deleted")
        .isEmpty();
    Sample first = cache.get(0);
    assertThat(first.answered()).isTrue();
    assertThat(first.usedMemory()).isPositive();
    assertThat(first.memoryPercent()).isBetween(0.1, 70.0);
    assertThat(first.latencyP50Ms()).isPositive();
    assertThat(first.latencyP99Ms()).isGreaterThanOrEqualTo(first.latencyP50Ms());
    assertThat(first.connectedClients()).isPositive();
    assertThat(first.blockedClients()).isZero();
    assertThat(first.queueDepths()).isEqualTo(Map.of("rq:default", 3L, "bull:emails", 3L));
    assertThat(first.totalQueueDepth()).isEqualTo(6L);
    assertThat(cache.get(cache.size() - 1).evictionsPerSec()).isNotNull().isZero();
    for (int i = 1; i < cache.size(); i++) {
      Duration gap = Duration.between(cache.get(i - 1).takenAt(), cache.get(i).takenAt());
      // never twice in half a cadence; a loaded machine may run one late
      assertThat(gap).as("gap %d", i).isBetween(Duration.ofMillis(500), Duration.ofSeconds(5));
    }
    Duration span = Duration.between(cache.get(0).takenAt(), cache.get(cache.size() - 1).takenAt());
    assertThat(span.dividedBy(cache.size() - 1))
        .as("the mean gap is the cadence")
        .isBetween(Duration.ofMillis(800), Duration.ofMillis(2_000));
    assertThat(cache)
        .as("hits and misses between two samples make a ratio")
        .anyMatch(s -> s.hitRatio() != null && s.hitRatio() > 0.3 && s.hitRatio() < 0.7);

    List<Sample> dead = samples(store, "sessions", declared);
    assertThat(dead).isNotEmpty().allMatch(s -> !s.answered());
    assertThat(dead.get(0).problem()).isEqualTo("connection refused");

    bot.type("/incident resolve summary:Fixed\n");
    Thread.sleep(1_200); // a run already under way may still finish
    Instant resolved = Instant.now();
    staysEmpty("no incident, no action: no samples", () -> samples(store, "cache", resolved));
  }

  @Test
  @DisplayName(
      "a recovery action keeps its target sampled for samples.afterAction, incident or not")
  void sampledAfterAnAction() throws Exception {
    bot =
        new ConsoleBot(
            ConsoleBot.config(redis.server().url(), SAMPLES), Clock.systemUTC(), null, files);
    var store = bot.wiring.samples();
    Instant before = Instant.now();
    try (var jedis = redis.server().client()) {
      for (int i = 0; i < 50; i++) {
        jedis.set("cache:" + i, "v");
      }
    }
    String plan = bot.type("/redis purge pattern:cache:* target:cache\n");
    var confirm = java.util.regex.Pattern.compile("\\[(\\d+)] Confirm").matcher(plan);
    assertThat(confirm.find()).as("a Confirm button in:%n%s", plan).isTrue();
    bot.press("@dan press " + confirm.group(1) + "\n", "Done: removed 50 keys from cache");
    List<Sample> after = await(() -> samples(store, "cache", before), l -> l.size() >= 2);
    assertThat(after).allMatch(Sample::answered);
    Thread.sleep(4_500); // past the 3 s window
    Instant quiet = Instant.now();
    staysEmpty("past the window: no samples", () -> samples(store, "cache", quiet));
  }

  private static List<Sample> samples(
      dev.incidentbot.sample.SampleStore store, String target, Instant from) {
    return store.between(List.of(target), from, Instant.now().plusSeconds(60));
  }

  private static <T> T await(Supplier<T> read, Predicate<T> done) {
    var last = new AtomicReference<T>();
    try {
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                last.set(read.get());
                return done.test(last.get());
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("condition not met within 30 s: " + last.get(), e);
    }
    return last.get();
  }

  /**
   * Asserts that {@code read} stays empty for 2.5 s: time for a run of the sampler, were one due.
   */
  private static void staysEmpty(String what, Supplier<List<Sample>> read) {
    var last = new AtomicReference<List<Sample>>();
    try {
      Awaitility.await(what)
          .during(Duration.ofMillis(2_500))
          .atMost(Duration.ofSeconds(15))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                last.set(read.get());
                return last.get().isEmpty();
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(what + "; found " + last.get(), e);
    }
  }
}
