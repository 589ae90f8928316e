package dev.incidentbot.redis;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/** The fields of an INFO reply, by name, with the section each came from. */
public final class InfoSnapshot {
  private final Map<String, String> values = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> sections = new LinkedHashMap<>();

  /** Parses the text INFO returns ({@code # Section} headers and {@code key:value} lines). */
  public static InfoSnapshot parse(String info) {
    var snapshot = new InfoSnapshot();
    Map<String, String> current = null;
    for (String raw : info.split("\r?\n")) {
      String line = raw.strip();
      if (line.startsWith("#")) {
        current = new LinkedHashMap<>();
        snapshot.sections.put(
            line.substring(1).strip().toLowerCase(java.util.Locale.ROOT), current);
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String key = line.substring(0, colon);
      String value = line.substring(colon + 1);
      snapshot.values.put(key, value);
      if (current != null) {
        current.put(key, value);
      }
    }
    return snapshot;
  }

  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  public String text(String key, String fallback) {
    return values.getOrDefault(key, fallback);
  }

  public OptionalLong number(String key) {
    String v = values.get(key);
    if (v == null) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(v.strip()));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  public long number(String key, long fallback) {
    return number(key).orElse(fallback);
  }

  /**
   * {@code used_memory} as a percentage of {@code maxmemory}, or null when the server has no
   * maxmemory or does not say how much it uses.
   */
  public Double memoryPercent() {
    long used = number("used_memory", -1);
    long max = number("maxmemory", 0);
    return max > 0 && used >= 0 ? used * 100.0 / max : null;
  }

  public OptionalDouble decimal(String key) {
    String v = values.get(key);
    if (v == null) {
      return OptionalDouble.empty();
    }
    try {
      return OptionalDouble.of(Double.parseDouble(v.strip()));
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }

  /** One section's fields ("memory", "keyspace"), empty when INFO did not include it. */
  public Map<String, String> section(String name) {
    return Collections.unmodifiableMap(
        sections.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), Map.of()));
  }

  /**
   * The engine and its version as people name them: "Redis 7.0.15", "Valkey 8.1.1" (Valkey reports
   * {@code redis_version:7.2.4} for compatibility, and its own in {@code valkey_version} and {@code
   * server_name}); empty when INFO server was not read.
   */
  public String engine() {
    String valkey = values.get("valkey_version");
    String name = values.getOrDefault("server_name", "");
    if (valkey != null || "valkey".equalsIgnoreCase(name)) {
      return "Valkey " + (valkey != null ? valkey : values.getOrDefault("redis_version", "?"));
    }
    String redis = values.get("redis_version");
    return redis == null ? "" : "Redis " + redis;
  }

  /** Keys across all databases, from the keyspace section ({@code db0:keys=12,expires=0,...}). */
  /**
   * Whether the server has not saved its dataset since it started. Redis sets {@code
   * rdb_last_save_time} to its start time before any save, so that time alone reads as a recent
   * save; {@code rdb_saves} (Redis 7.0+, Valkey) counts the saves, and before 7.0 a server that
   * never ran a background save reports {@code rdb_last_bgsave_time_sec:-1}.
   */
  public boolean neverSaved() {
    OptionalLong saves = number("rdb_saves");
    if (saves.isPresent()) {
      return saves.getAsLong() == 0;
    }
    return number("rdb_last_bgsave_time_sec", 0) == -1;
  }

  public long totalKeys() {
    long total = 0;
    for (String v : section("keyspace").values()) {
      for (String part : v.split(",")) {
        if (part.startsWith("keys=")) {
          total += Long.parseLong(part.substring(5));
        }
      }
    }
    return total;
  }
}
