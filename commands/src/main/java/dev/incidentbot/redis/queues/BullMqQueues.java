package dev.incidentbot.redis.queues;

import dev.incidentbot.format.Counts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * BullMQ v5 queues under one prefix: found by SCAN for {@code <prefix>:*:meta}, then each state
 * key's real type and size. In v5, wait, paused and active are lists; prioritized, delayed,
 * completed, failed and waiting-children are sorted sets; stalled is a set. Active (or stalled-set)
 * jobs whose lock key is gone have lost their worker: they are stuck even when no worker is left to
 * run BullMQ's stalled check, which would otherwise move them back.
 *
 * <p>Stateless; each call uses the given connection only.
 */
public final class BullMqQueues {
  /** The prefix BullMQ uses unless told otherwise. */
  public static final String DEFAULT_PREFIX = "bull";

  private static final java.util.regex.Pattern PREFIX =
      java.util.regex.Pattern.compile("[A-Za-z0-9_{}.:-]{1,64}");

  /** The states, in the order people read them, with the type BullMQ v5 gives each key. */
  static final Map<String, String> STATES = new LinkedHashMap<>();

  static {
    STATES.put("wait", "list");
    STATES.put("paused", "list");
    STATES.put("active", "list");
    STATES.put("prioritized", "zset");
    STATES.put("delayed", "zset");
    STATES.put("waiting-children", "zset");
    STATES.put("completed", "zset");
    STATES.put("failed", "zset");
    STATES.put("stalled", "set");
  }

  /** How many active jobs (and stalled-set members) are checked for a lock. */
  static final int ACTIVE_LOCK_CHECKS = 1000;

  private BullMqQueues() {}

  /** Whether {@code prefix} is one the bot accepts: 1-64 of letters, digits and {@code _{}.:-}. */
  public static boolean validPrefix(String prefix) {
    return prefix != null && PREFIX.matcher(prefix).matches();
  }

  /** What discovery found, and whether it saw the whole keyspace before its budget ran out. */
  public record Found(List<String> queues, boolean complete) {}

  /** Queue names under {@code prefix}, scanning until {@code deadlineNanos}. */
  public static Found discover(Jedis jedis, String prefix, long deadlineNanos) {
    var names = new TreeSet<String>();
    var params = new ScanParams().match(escape(prefix) + ":*:meta").count(1000);
    String cursor = ScanParams.SCAN_POINTER_START;
    boolean complete;
    do {
      ScanResult<String> page = jedis.scan(cursor, params);
      cursor = page.getCursor();
      for (String key : page.getResult()) {
        names.add(key.substring(prefix.length() + 1, key.length() - ":meta".length()));
      }
      complete = "0".equals(cursor);
    } while (!complete && System.nanoTime() < deadlineNanos);
    return new Found(List.copyOf(names), complete);
  }

  /** The counts of one queue. */
  public static QueueState inspect(Jedis jedis, String prefix, String queue, long depthLimit) {
    String base = prefix + ":" + queue + ":";
    var keys = STATES.keySet().stream().map(s -> base + s).toList();
    List<KeySizes.Sized> sized = KeySizes.of(jedis, keys);
    var counts = new LinkedHashMap<String, Long>();
    var notes = new ArrayList<String>();
    int i = 0;
    for (var state : STATES.entrySet()) {
      KeySizes.Sized s = sized.get(i++);
      boolean expected = s.type().equals(state.getValue()) || s.type().equals("none");
      if (!expected) {
        notes.add(
            s.key() + " is a " + s.type() + ", not a " + state.getValue() + " (not BullMQ v5?)");
      }
      counts.put(state.getKey(), Math.max(0, s.size()));
    }
    long stuck = 0;
    if (counts.get("active") > 0 || counts.get("stalled") > 0) {
      Locks locks = locks(jedis, base, sized.get(2).type(), sized.get(8).type());
      stuck = locks.stuck();
      if (locks.activeWithoutLock() > 0) {
        notes.add(
            Counts.of(locks.activeWithoutLock(), "active job has", "active jobs have")
                + " no lock: the worker is gone, BullMQ's stalled check will move "
                + (locks.activeWithoutLock() == 1 ? "it" : "them")
                + " back to wait (or fail "
                + (locks.activeWithoutLock() == 1 ? "it" : "them")
                + "), if a live worker runs it");
      }
    }
    if (counts.get("stalled") > 0) {
      notes.add(
          Counts.of(counts.get("stalled"), "job", "jobs")
              + " in the stalled set (awaiting the stalled check)");
    }
    long depth = counts.get("wait") + counts.get("paused") + counts.get("prioritized");
    if (depth > depthLimit) {
      notes.add(
          "depth "
              + Counts.format(depth)
              + " is over the threshold of "
              + Counts.format(depthLimit));
    }
    if (counts.get("paused") > 0) {
      notes.add(
          "paused: "
              + Counts.of(counts.get("paused"), "job waits", "jobs wait")
              + " for the queue to be resumed");
    }
    return new QueueState("BullMQ", prefix, queue, counts, depth, stuck, notes);
  }

  /**
   * Lock checks of a queue's active and stalled-set jobs.
   *
   * @param activeWithoutLock active jobs whose lock has expired
   * @param stuck active or stalled-set jobs without a lock, each counted once
   */
  private record Locks(long activeWithoutLock, long stuck) {}

  private static Locks locks(Jedis jedis, String base, String activeType, String stalledType) {
    List<String> active =
        "list".equals(activeType)
            ? jedis.lrange(base + "active", 0, ACTIVE_LOCK_CHECKS - 1)
            : List.of();
    var ids = new java.util.LinkedHashSet<>(active);
    if ("set".equals(stalledType)) {
      ids.addAll(jedis.srandmember(base + "stalled", ACTIVE_LOCK_CHECKS));
    }
    var c = jedis.getConnection();
    for (String id : ids) {
      c.sendCommand(redis.clients.jedis.Protocol.Command.EXISTS, base + id + ":lock");
    }
    List<Object> exists = c.getMany(ids.size());
    var activeIds = new java.util.HashSet<>(active);
    long activeWithoutLock = 0;
    long stuck = 0;
    int i = 0;
    for (String id : ids) {
      if (Long.valueOf(0).equals(exists.get(i++))) {
        stuck++;
        activeWithoutLock += activeIds.contains(id) ? 1 : 0;
      }
    }
    return new Locks(activeWithoutLock, stuck);
  }

  /** Glob characters in a prefix matched literally. */
  static String escape(String prefix) {
    return prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
  }
}
