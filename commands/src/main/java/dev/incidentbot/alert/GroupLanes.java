package dev.incidentbot.alert;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks on a shared pool, one lane per key: the tasks of one key run one at a time in the
 * order given, lanes of different keys run side by side, and a busy lane gives the pool back after
 * each task so one noisy group cannot starve the others. At most {@code capacity} tasks wait or
 * run; a caller first {@link #reserve}s a place, then {@link #run}s or {@link #release}s it.
 *
 * <p>Thread-safe.
 */
final class GroupLanes {
  private static final Logger log = LoggerFactory.getLogger(GroupLanes.class);

  private final Executor pool;
  private final int capacity;
  private final Map<String, ArrayDeque<Runnable>> lanes = new HashMap<>();
  private int pending;

  GroupLanes(Executor pool, int capacity) {
    this.pool = pool;
    this.capacity = capacity;
  }

  /** Takes one place; false when {@code capacity} tasks already wait or run. */
  synchronized boolean reserve() {
    if (pending >= capacity) {
      return false;
    }
    pending++;
    return true;
  }

  /**
   * Takes one place even beyond {@code capacity}: for notifications already accepted (resumed from
   * the inbox), which must not be refused.
   */
  synchronized void force() {
    pending++;
  }

  /** Places left before {@code capacity} is reached. */
  synchronized int free() {
    return Math.max(0, capacity - pending);
  }

  /** Gives back a place taken with {@link #reserve} and not used. */
  synchronized void release() {
    pending--;
  }

  /** Queues {@code task} in the lane of {@code key}, on a place already reserved. */
  void run(String key, Runnable task) {
    boolean start;
    synchronized (this) {
      ArrayDeque<Runnable> lane = lanes.get(key);
      start = lane == null;
      if (start) {
        lane = new ArrayDeque<>();
        lanes.put(key, lane);
      }
      lane.add(task);
    }
    if (start) {
      pool.execute(() -> runNext(key));
    }
  }

  /** Whether a later task of {@code key} waits behind the one running now. */
  synchronized boolean laterQueued(String key) {
    ArrayDeque<Runnable> lane = lanes.get(key);
    return lane != null && lane.size() > 1;
  }

  /** Tasks waiting or running. */
  synchronized int pending() {
    return pending;
  }

  private void runNext(String key) {
    Runnable task;
    synchronized (this) {
      task = lanes.get(key).peek();
    }
    try {
      task.run();
    } catch (RuntimeException e) {
      log.error("alert group lane {} failed", key, e);
    }
    boolean more;
    synchronized (this) {
      ArrayDeque<Runnable> lane = lanes.get(key);
      lane.poll();
      pending--;
      more = !lane.isEmpty();
      if (!more) {
        lanes.remove(key);
      }
    }
    if (more) {
      pool.execute(() -> runNext(key));
    }
  }
}
