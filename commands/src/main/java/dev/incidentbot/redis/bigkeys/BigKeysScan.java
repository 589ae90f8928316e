package dev.incidentbot.redis.bigkeys;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.util.SafeEncoder;

/**
 * Scans one node: SCAN with COUNT {@value #SCAN_COUNT} and the pattern, then for each batch one
 * pipeline of TYPE (and MEMORY USAGE when sizing by memory) and, for element counts, one pipeline
 * of the size command each type needs. Each call is short; the scan checks the stop flag between
 * batches.
 *
 * <p>Runs on one thread with one connection; {@code scanned} and {@code stopped} are shared with
 * the thread that reports progress, and {@code stopped} is asked after every batch, so that a Stop
 * is noticed within one batch.
 */
public final class BigKeysScan {
  /** Keys asked per SCAN call: big enough to make round trips rare, small enough to stay short. */
  public static final int SCAN_COUNT = 1000;

  /** Commands sent per pipeline. */
  static final int PIPELINE = 200;

  private static final byte[] USAGE = SafeEncoder.encode("USAGE");

  private final Statistic statistic;
  private final int limit;
  private final String node;
  private final Map<String, TypeStats> byType = new TreeMap<>();
  private final AtomicLong scanned;
  private final BooleanSupplier stopped;
  private boolean complete;

  public BigKeysScan(
      Statistic statistic, int limit, String node, AtomicLong scanned, BooleanSupplier stopped) {
    this.statistic = statistic;
    this.limit = limit;
    this.node = node;
    this.scanned = scanned;
    this.stopped = stopped;
  }

  /** Scans until the cursor wraps or {@code stopped} says so. */
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
    } while (!complete && !stopped.getAsBoolean());
    return this;
  }

  /**
   * Sizes one batch with raw pipelining on the connection: commands are buffered and sent {@value
   * #PIPELINE} at a time, and the replies read back as plain values (no per-command response
   * objects, which matter at a million keys). Capping each pipeline keeps the server's turn short,
   * so other clients' commands wait behind at most {@value #PIPELINE} of ours.
   */
  private void measure(Jedis jedis, List<byte[]> keys) {
    Connection c = jedis.getConnection();
    var types = new String[keys.size()];
    var memory = new Object[keys.size()];
    for (int from = 0; from < keys.size(); from += PIPELINE) {
      int to = Math.min(keys.size(), from + PIPELINE);
      for (int i = from; i < to; i++) {
        c.sendCommand(Protocol.Command.TYPE, keys.get(i));
        if (statistic == Statistic.MEMORY) {
          c.sendCommand(Protocol.Command.MEMORY, USAGE, keys.get(i));
        }
      }
      List<Object> replies = c.getMany((to - from) * (statistic == Statistic.MEMORY ? 2 : 1));
      for (int i = from; i < to; i++) {
        int at = (i - from) * (statistic == Statistic.MEMORY ? 2 : 1);
        types[i] = type(replies.get(at));
        if (statistic == Statistic.MEMORY) {
          memory[i] = replies.get(at + 1);
        }
      }
    }
    if (statistic == Statistic.MEMORY) {
      for (int i = 0; i < keys.size(); i++) {
        if (memory[i] instanceof Long bytes) {
          record(types[i], keys.get(i), bytes);
        }
      }
      return;
    }
    var sizedAt = new ArrayList<Integer>(PIPELINE);
    for (int from = 0; from < keys.size(); from += PIPELINE) {
      int to = Math.min(keys.size(), from + PIPELINE);
      sizedAt.clear();
      for (int i = from; i < to; i++) {
        Protocol.Command size = sizeCommand(types[i]);
        if (size != null) {
          c.sendCommand(size, keys.get(i));
          sizedAt.add(i);
        }
      }
      List<Object> sizes = c.getMany(sizedAt.size());
      for (int n = 0; n < sizedAt.size(); n++) {
        // a key that changed type or vanished since TYPE answers an error: skip it
        if (sizes.get(n) instanceof Long count) {
          int i = sizedAt.get(n);
          record(types[i], keys.get(i), count);
        }
      }
    }
  }

  private static String type(Object reply) {
    return reply instanceof byte[] b ? SafeEncoder.encode(b) : "none";
  }

  private static Protocol.Command sizeCommand(String type) {
    return switch (type) {
      case "string" -> Protocol.Command.STRLEN;
      case "list" -> Protocol.Command.LLEN;
      case "hash" -> Protocol.Command.HLEN;
      case "set" -> Protocol.Command.SCARD;
      case "zset" -> Protocol.Command.ZCARD;
      case "stream" -> Protocol.Command.XLEN;
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
