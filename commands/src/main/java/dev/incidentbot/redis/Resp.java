package dev.incidentbot.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.util.SafeEncoder;

/**
 * Reads raw RESP2 replies of {@code Jedis.sendCommand}: bulk strings as text, integers as longs,
 * arrays as lists, and the flat name/value arrays of MEMORY STATS or SENTINEL MASTER as maps.
 */
public final class Resp {
  private Resp() {}

  /** A bulk or status reply as text; numbers as their digits; null as "". */
  public static String text(Object raw) {
    if (raw == null) {
      return "";
    }
    if (raw instanceof byte[] bytes) {
      return SafeEncoder.encode(bytes);
    }
    return String.valueOf(raw);
  }

  /** An integer reply, or a bulk string holding a number; {@code fallback} otherwise. */
  public static long number(Object raw, long fallback) {
    if (raw instanceof Long l) {
      return l;
    }
    try {
      return Long.parseLong(text(raw).strip());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** An array reply as a list ({@code []} for null or a non-array). */
  public static List<Object> list(Object raw) {
    if (raw instanceof List<?> l) {
      return new ArrayList<>(l);
    }
    return List.of();
  }

  /** A flat {@code name, value, name, value} array as a map; nested values kept raw. */
  public static Map<String, Object> map(Object raw) {
    List<Object> items = list(raw);
    var out = new LinkedHashMap<String, Object>();
    for (int i = 0; i + 1 < items.size(); i += 2) {
      out.put(text(items.get(i)), items.get(i + 1));
    }
    return out;
  }
}
