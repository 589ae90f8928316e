package dev.incidentbot.redis.queues;

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
 * completed, failed and waiting-children are sorted sets; stalled is a set. Active jobs whose lock
 * key is gone have lost their worker: they are stalled even before BullMQ's next stalled check.
 *
 * <p>Stateless; each call uses the given connection only.
 */
public final class BullMqQueues {
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

  /** How many active jobs are checked for a lock. */
  static final int ACTIVE_LOCK_CHECKS = 1000;

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
    if (counts.get("active") > 0 && "list".equals(sized.get(2).type())) {
      long lockless = activeWithoutLock(jedis, base);
      if (lockless > 0) {
        notes.add(
            lockless
                + " active job(s) have no lock: their worker is gone, BullMQ's stalled check will"
                + " move them back to wait (or fail them)");
      }
    }
    if (counts.get("stalled") > 0) {
      notes.add(counts.get("stalled") + " job(s) in the stalled set (awaiting the stalled check)");
    }
    long depth = counts.get("wait") + counts.get("paused") + counts.get("prioritized");
    if (depth > depthLimit) {
      notes.add("depth " + depth + " is over the threshold of " + depthLimit);
    }
    if (counts.get("paused") > 0) {
      notes.add("paused: " + counts.get("paused") + " job(s) wait for the queue to be resumed");
    }
    return new QueueState("BullMQ", queue, counts, depth, notes);
  }

  private static long activeWithoutLock(Jedis jedis, String base) {
    List<String> ids = jedis.lrange(base + "active", 0, ACTIVE_LOCK_CHECKS - 1);
    var c = jedis.getConnection();
    for (String id : ids) {
      c.sendCommand(redis.clients.jedis.Protocol.Command.EXISTS, base + id + ":lock");
    }
    return c.getMany(ids.size()).stream().filter(r -> Long.valueOf(0).equals(r)).count();
  }

  /** Glob characters in a prefix matched literally. */
  static String escape(String prefix) {
    return prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
  }
}
