package dev.incidentbot.redis.bigkeys;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.util.SafeEncoder;

/**
 * Scans one node: SCAN with COUNT {@value #SCAN_COUNT} and the pattern, then for each batch one
 * pipeline of TYPE (and MEMORY USAGE when sizing by memory) and, for element counts, one pipeline
 * of the size command each type needs. Each call is short; the scan checks the stop flag between
 * batches.
 *
 * <p>Runs on one thread with one connection; {@code scanned} and {@code stop} are shared with the
 * thread that reports progress.
 */
public final class BigKeysScan {
  /** Keys asked per SCAN call: big enough to make round trips rare, small enough to stay short. */
  public static final int SCAN_COUNT = 1000;

  private final Statistic statistic;
  private final int limit;
  private final String node;
  private final Map<String, TypeStats> byType = new TreeMap<>();
  private final AtomicLong scanned;
  private final AtomicBoolean stop;
  private boolean complete;

  public BigKeysScan(
      Statistic statistic, int limit, String node, AtomicLong scanned, AtomicBoolean stop) {
    this.statistic = statistic;
    this.limit = limit;
    this.node = node;
    this.scanned = scanned;
    this.stop = stop;
  }

  /** Scans until the cursor wraps or the stop flag is set. */
  public BigKeysScan run(Jedis jedis, String pattern) {
    var params = new ScanParams().count(SCAN_COUNT).match(pattern);
    byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
    do {
      ScanResult<byte[]> page = jedis.scan(cursor, params);
      cursor = page.getCursorAsBytes();
      List<byte[]> keys = page.getResult();
      if (!keys.isEmpty()) {
        measure(jedis, keys);
      }
      scanned.addAndGet(keys.size());
      complete = "0".equals(SafeEncoder.encode(cursor));
    } while (!complete && !stop.get());
    return this;
  }

  private void measure(Jedis jedis, List<byte[]> keys) {
    var types = new ArrayList<Response<String>>(keys.size());
    var memory = new ArrayList<Response<Long>>(keys.size());
    try (Pipeline p = jedis.pipelined()) {
      for (byte[] key : keys) {
        types.add(p.type(key));
        if (statistic == Statistic.MEMORY) {
          memory.add(p.memoryUsage(key));
        }
      }
    }
    if (statistic == Statistic.MEMORY) {
      for (int i = 0; i < keys.size(); i++) {
        Long bytes = memory.get(i).get();
        if (bytes != null) {
          record(types.get(i).get(), keys.get(i), bytes);
        }
      }
      return;
    }
    var counts = new ArrayList<Response<Long>>(keys.size());
    try (Pipeline sizes = jedis.pipelined()) {
      for (int i = 0; i < keys.size(); i++) {
        counts.add(size(sizes, types.get(i).get(), keys.get(i)));
      }
    }
    for (int i = 0; i < keys.size(); i++) {
      Response<Long> count = counts.get(i);
      if (count != null) {
        record(types.get(i).get(), keys.get(i), count.get());
      }
    }
  }

  private static Response<Long> size(Pipeline p, String type, byte[] key) {
    return switch (type) {
      case "string" -> p.strlen(key);
      case "list" -> p.llen(key);
      case "hash" -> p.hlen(key);
      case "set" -> p.scard(key);
      case "zset" -> p.zcard(key);
      case "stream" -> p.xlen(key);
      default -> null; // "none" (expired since SCAN) or a module type without a size command
    };
  }

  private void record(String type, byte[] key, long size) {
    if (type.equals("none")) {
      return;
    }
    byType
        .computeIfAbsent(type, t -> new TypeStats(t, limit))
        .add(SafeEncoder.encode(key), size, node);
  }

  public Map<String, TypeStats> byType() {
    return byType;
  }

  /** Whether the cursor came back to 0, so every key present throughout was seen. */
  public boolean complete() {
    return complete;
  }
}
