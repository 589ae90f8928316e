package dev.incidentbot.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("GroupLanes: per-group order, groups side by side, bounded")
class GroupLanesTest {
  private final ExecutorService pool = Executors.newFixedThreadPool(8);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  @DisplayName("a group's tasks run one at a time in order; different groups overlap")
  void orderAndOverlap() throws Exception {
    var lanes = new GroupLanes(pool, 10_000);
    Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    var overlapWithinGroup = new AtomicInteger();
    var concurrent = new AtomicInteger();
    var maxConcurrent = new AtomicInteger();
    var done = new CountDownLatch(400);
    for (int i = 0; i < 100; i++) {
      for (String key : List.of("a", "b", "c", "d")) {
        int n = i;
        assertThat(lanes.reserve()).isTrue();
        lanes.run(
            key,
            () -> {
              if (running.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() > 1) {
                overlapWithinGroup.incrementAndGet();
              }
              maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
              sleep(1); // long enough for the groups' tasks to overlap
              seen.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>()))
                  .add(n);
              concurrent.decrementAndGet();
              running.get(key).decrementAndGet();
              done.countDown();
            });
      }
    }
    assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();

    assertThat(overlapWithinGroup).hasValue(0);
    assertThat(maxConcurrent.get()).isGreaterThan(1);
    for (List<Integer> order : seen.values()) {
      assertThat(order).isSorted().hasSize(100);
    }
    // the last task counts down before its lane gives its place back: wait for that, briefly
    awaitNothingPending(lanes);
  }

  @Test
  @DisplayName(
      "at capacity, reserve refuses until a place is released; a failing task frees its place")
  void capacity() throws Exception {
    var lanes = new GroupLanes(pool, 2);
    var gate = new CountDownLatch(1);
    assertThat(lanes.reserve()).isTrue();
    lanes.run("a", () -> await(gate));
    assertThat(lanes.reserve()).isTrue();
    assertThat(lanes.reserve()).isFalse();
    lanes.release();
    assertThat(lanes.reserve()).isTrue();
    lanes.run(
        "b",
        () -> {
          throw new IllegalStateException("boom");
        });
    gate.countDown();
    awaitNothingPending(lanes);
  }

  private static void awaitNothingPending(GroupLanes lanes) {
    Awaitility.await("every place given back")
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(5))
        .untilAsserted(() -> assertThat(lanes.pending()).isZero());
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
