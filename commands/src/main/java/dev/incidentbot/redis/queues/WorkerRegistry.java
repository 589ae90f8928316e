package dev.incidentbot.redis.queues;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisMovedDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The workers registered on one node: {@code worker:*} registration keys (strings or hashes; the
 * heartbeat is read from a timestamp field or the value itself, else the key's TTL is shown), RQ
 * workers ({@code rq:workers} and their {@code rq:worker:<name>} hashes with {@code
 * last_heartbeat}), and BullMQ workers, which register no key but name their connection {@code
 * <prefix>:<base64 queue name>}.
 *
 * <p>Thread-safe and stateless apart from the clock.
 */
public final class WorkerRegistry {
  private static final Pattern TIME_FIELD =
      Pattern.compile(
          "\"?(last_?heartbeat|heartbeat|last_?seen|lastSeen|updated_?at|updatedAt|timestamp|ts)\"?"
              + "\\s*[:=]\\s*\"?([0-9T:.+\\-Z]+)\"?",
          Pattern.CASE_INSENSITIVE);
  private static final int MAX_KEYS = 500;

  private final Clock clock;

  public WorkerRegistry(Clock clock) {
    this.clock = clock;
  }

  /** Every worker found on this node; {@code worker:*} discovery stops at {@code deadline}. */
  public List<WorkerState> find(Jedis jedis, String bullPrefix, long deadlineNanos) {
    var out = new ArrayList<WorkerState>();
    out.addAll(registrationKeys(jedis, deadlineNanos));
    out.addAll(rq(jedis));
    out.addAll(bullmq(jedis, bullPrefix));
    return out;
  }

  private List<WorkerState> registrationKeys(Jedis jedis, long deadlineNanos) {
    var keys = new ArrayList<String>();
    var params = new ScanParams().match("worker:*").count(1000);
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page = jedis.scan(cursor, params);
      cursor = page.getCursor();
      keys.addAll(page.getResult());
    } while (!"0".equals(cursor) && keys.size() < MAX_KEYS && System.nanoTime() < deadlineNanos);
    var out = new ArrayList<WorkerState>();
    for (String key : keys) {
      String type = jedis.type(key);
      long ttl = jedis.ttl(key);
      String value =
          switch (type) {
            case "string" -> jedis.getrange(key, 0, 500);
            case "hash" -> jedis.hlen(key) <= 100 ? jedis.hgetAll(key).toString() : "";
            default -> "";
          };
      String ttlText = ttl >= 0 ? "expires in " + ttl + " s" : "no expiry";
      out.add(new WorkerState("worker:*", key, heartbeat(value), type + ", " + ttlText));
    }
    return out;
  }

  private List<WorkerState> rq(Jedis jedis) {
    try {
      if (!"set".equals(jedis.type("rq:workers"))) {
        return List.of();
      }
    } catch (JedisMovedDataException servedElsewhere) {
      return List.of(); // a cluster node without the slot of rq:workers
    }
    var out = new ArrayList<WorkerState>();
    for (String key : jedis.smembers("rq:workers")) {
      List<String> f = jedis.hmget(key, "last_heartbeat", "state", "queues", "current_job");
      String name = key.startsWith("rq:worker:") ? key.substring("rq:worker:".length()) : key;
      String detail =
          (f.get(1) == null ? "state unknown (key gone)" : f.get(1))
              + (f.get(2) == null ? "" : ", queues " + f.get(2))
              + (f.get(3) == null ? "" : ", job " + f.get(3));
      out.add(new WorkerState("RQ", name, age(f.get(0)), detail));
    }
    return out;
  }

  private List<WorkerState> bullmq(Jedis jedis, String prefix) {
    var out = new ArrayList<WorkerState>();
    for (String line : jedis.clientList().split("\n")) {
      Map<String, String> f = fields(line);
      String name = f.getOrDefault("name", "");
      if (!name.startsWith(prefix + ":")) {
        continue;
      }
      String rest = name.substring(prefix.length() + 1);
      int suffix = rest.indexOf(':');
      String encoded = suffix < 0 ? rest : rest.substring(0, suffix);
      String queue;
      try {
        queue =
            new String(
                Base64.getDecoder().decode(encoded), java.nio.charset.StandardCharsets.UTF_8);
      } catch (IllegalArgumentException notBullMq) {
        continue;
      }
      long idle = Long.parseLong(f.getOrDefault("idle", "0"));
      out.add(
          new WorkerState(
              "BullMQ",
              "queue " + queue + " @ " + f.getOrDefault("addr", "?"),
              Optional.of(Duration.ofSeconds(idle)),
              "connection idle " + idle + " s, blocked in " + f.getOrDefault("cmd", "?")));
    }
    return out;
  }

  /** A heartbeat time found in a registration value, as an age. */
  Optional<Duration> heartbeat(String value) {
    Matcher m = TIME_FIELD.matcher(value);
    if (m.find()) {
      return age(m.group(2));
    }
    return age(value.strip());
  }

  /** The age of a timestamp in epoch seconds, epoch milliseconds or ISO-8601. */
  Optional<Duration> age(String stamp) {
    if (stamp == null || stamp.isBlank()) {
      return Optional.empty();
    }
    Instant at;
    try {
      double number = Double.parseDouble(stamp);
      at =
          number > 1e11
              ? Instant.ofEpochMilli((long) number)
              : Instant.ofEpochMilli((long) (number * 1000));
    } catch (NumberFormatException notNumber) {
      try {
        at = OffsetDateTime.parse(stamp).toInstant();
      } catch (DateTimeParseException notOffset) {
        try {
          at = Instant.parse(stamp.endsWith("Z") ? stamp : stamp + "Z");
        } catch (DateTimeParseException notIso) {
          return Optional.empty();
        }
      }
    }
    Duration age = Duration.between(at, clock.instant());
    return Optional.of(age.isNegative() ? Duration.ZERO : age);
  }

  private static Map<String, String> fields(String line) {
    var out = new java.util.HashMap<String, String>();
    for (String part : line.strip().split(" ")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        out.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    return out;
  }
}
