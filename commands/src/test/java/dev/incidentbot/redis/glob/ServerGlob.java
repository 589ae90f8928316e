package dev.incidentbot.redis.glob;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Test helper: what a real server's {@code SCAN 0 MATCH p COUNT 10000}, looped to completion,
 * returns, for many patterns at once (the first page of every pattern in one pipeline). Keys are
 * given back as hex, so sets of byte strings compare and print.
 */
public final class ServerGlob {
  private static final HexFormat HEX = HexFormat.of();

  private ServerGlob() {}

  /** Writes {@code keys} (pipelined) after FLUSHALL. */
  public static void load(Jedis jedis, List<byte[]> keys) {
    jedis.flushAll();
    try (Pipeline p = jedis.pipelined()) {
      for (byte[] key : keys) {
        p.set(key, new byte[] {'v'});
      }
    }
  }

  /** For each pattern, the hex of every key SCAN MATCH returned. */
  public static List<Set<String>> scan(Jedis jedis, List<byte[]> patterns) {
    var pages = new ArrayList<Response<ScanResult<byte[]>>>();
    try (Pipeline p = jedis.pipelined()) {
      for (byte[] pattern : patterns) {
        pages.add(p.scan(ScanParams.SCAN_POINTER_START_BINARY, params(pattern)));
      }
      p.sync();
    }
    var out = new ArrayList<Set<String>>();
    for (int i = 0; i < patterns.size(); i++) {
      var found = new LinkedHashSet<String>();
      ScanResult<byte[]> page = pages.get(i).get();
      while (true) {
        page.getResult().forEach(k -> found.add(hex(k)));
        if (page.isCompleteIteration()) {
          break;
        }
        page = jedis.scan(page.getCursorAsBytes(), params(patterns.get(i)));
      }
      out.add(found);
    }
    return out;
  }

  /** Whether the server's SCAN MATCH {@code pattern} returns {@code key}, on a fresh database. */
  public static boolean matches(Jedis jedis, byte[] pattern, byte[] key) {
    load(jedis, List.of(key));
    return scan(jedis, List.of(pattern)).get(0).contains(hex(key));
  }

  public static String hex(byte[] key) {
    return HEX.formatHex(key);
  }

  private static ScanParams params(byte[] pattern) {
    return new ScanParams().match(pattern).count(10_000);
  }
}
