package dev.incidentbot.redis.queues;

import dev.incidentbot.format.Durations;
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
 * last_heartbeat}; a name whose hash has expired is a dead worker), and BullMQ 5 workers, which
 * register no key but name their blocking connection {@code <prefix>:<base64 queue name>}, or
 * {@code <prefix>:<base64 queue name>:w:<worker name>} when named, as BullMQ's own {@code
 * getWorkers} matches them. QueueEvents connections ({@code ...:qe}) are not workers.
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
    return find(jedis, List.of(bullPrefix), deadlineNanos).workers();
  }

  /**
   * The workers found on one node.
   *
   * @param complete false when the deadline cut the listing short
   */
  public record Found(List<WorkerState> workers, boolean complete) {
    public Found {
      workers = List.copyOf(workers);
    }
  }

  /**
   * Every worker on this node, BullMQ ones under any of {@code bullPrefixes}, until the deadline.
   */
  public Found find(Jedis jedis, List<String> bullPrefixes, long deadlineNanos) {
    // one CLIENT LIST, read first so that it is never the part the deadline cuts
    List<WorkerState> bullmq = bullmq(jedis, bullPrefixes);
    var out = new ArrayList<WorkerState>();
    boolean complete = registrationKeys(jedis, deadlineNanos, out);
    complete &= rq(jedis, deadlineNanos, out);
    out.addAll(bullmq);
    return new Found(out, complete);
  }

  private boolean registrationKeys(Jedis jedis, long deadlineNanos, List<WorkerState> out) {
    var keys = new ArrayList<String>();
    var params = new ScanParams().match("worker:*").count(1000);
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page = jedis.scan(cursor, params);
      cursor = page.getCursor();
      keys.addAll(page.getResult());
    } while (!"0".equals(cursor) && keys.size() < MAX_KEYS && System.nanoTime() < deadlineNanos);
    boolean complete = "0".equals(cursor) || keys.size() >= MAX_KEYS;
    for (String key : keys) {
      if (System.nanoTime() >= deadlineNanos) {
        return false;
      }
      String type = jedis.type(key);
      long ttl = jedis.ttl(key);
      String value =
          switch (type) {
            case "string" -> jedis.getrange(key, 0, 500);
            case "hash" -> jedis.hlen(key) <= 100 ? jedis.hgetAll(key).toString() : "";
            default -> "";
          };
      String ttlText =
          ttl >= 0 ? "expires in " + Durations.format(Duration.ofSeconds(ttl)) : "no expiry";
      out.add(new WorkerState("worker:*", key, heartbeat(value), type + ", " + ttlText));
    }
    return complete;
  }

  private boolean rq(Jedis jedis, long deadlineNanos, List<WorkerState> out) {
    try {
      if (!"set".equals(jedis.type("rq:workers"))) {
        return true;
      }
    } catch (JedisMovedDataException servedElsewhere) {
      return true; // a cluster node without the slot of rq:workers
    }
    for (String key : jedis.smembers("rq:workers")) {
      if (System.nanoTime() >= deadlineNanos) {
        return false;
      }
      List<String> f = jedis.hmget(key, "last_heartbeat", "state", "queues", "current_job");
      String name = key.startsWith("rq:worker:") ? key.substring("rq:worker:".length()) : key;
      if (f.stream().allMatch(java.util.Objects::isNull) && !jedis.exists(key)) {
        out.add(
            new WorkerState(
                "RQ",
                name,
                Optional.empty(),
                "in rq:workers, but its hash "
                    + key
                    + " has expired: the worker died without"
                    + " unregistering",
                true));
        continue;
      }
      Optional<Duration> overdue = f.get(3) == null ? Optional.empty() : overdue(jedis, f.get(3));
      if (overdue.isPresent()) {
        // the same rule /redis queues uses to call the job abandoned: one truth for both
        out.add(
            new WorkerState(
                "RQ",
                name,
                age(f.get(0)),
                "busy with job "
                    + f.get(3)
                    + ", which is "
                    + Durations.format(overdue.get())
                    + " past its heartbeat deadline: the worker stopped without finishing it"
                    + " (killed?), and RQ counts the job as abandoned",
                true));
        continue;
      }
      String detail =
          (f.get(1) == null ? "state unknown" : f.get(1))
              + (f.get(2) == null ? "" : ", queues " + f.get(2))
              + (f.get(3) == null ? "" : ", job " + f.get(3));
      out.add(new WorkerState("RQ", name, age(f.get(0)), detail));
    }
    return true;
  }

  /**
   * How long ago the started job {@code jobId} passed its heartbeat deadline, its score in its
   * queue's started registry ({@code rq:wip:<origin>}), which a live worker keeps pushing forward;
   * empty while the deadline is ahead or the job is not registered as started.
   */
  private Optional<Duration> overdue(Jedis jedis, String jobId) {
    String origin = jedis.hget("rq:job:" + jobId, "origin");
    if (origin == null) {
      return Optional.empty();
    }
    Double deadline = jedis.zscore("rq:wip:" + origin, jobId);
    if (deadline == null) {
      return Optional.empty();
    }
    long overdueMillis = clock.millis() - (long) (deadline * 1000);
    return overdueMillis > 0 ? Optional.of(Duration.ofMillis(overdueMillis)) : Optional.empty();
  }

  private List<WorkerState> bullmq(Jedis jedis, List<String> prefixes) {
    var out = new ArrayList<WorkerState>();
    for (String line : jedis.clientList().split("\n")) {
      Map<String, String> f = fields(line);
      String connection = f.getOrDefault("name", "");
      for (String prefix : prefixes) {
        bullmqWorker(connection, prefix)
            .ifPresent(
                worker -> {
                  long idle = Long.parseLong(f.getOrDefault("idle", "0"));
                  out.add(
                      new WorkerState(
                          "BullMQ",
                          worker + " @ " + f.getOrDefault("addr", "?"),
                          Optional.of(Duration.ofSeconds(idle)),
                          "connection idle "
                              + Durations.format(Duration.ofSeconds(idle))
                              + ", blocked in "
                              + f.getOrDefault("cmd", "?")));
                });
      }
    }
    return out;
  }

  /**
   * "queue emails" or "queue emails, worker mailer-1" when {@code connection} is the name BullMQ 5
   * gives a worker under {@code prefix}: {@code <prefix>:<base64 queue>} or {@code <prefix>:<base64
   * queue>:w:<worker name>}. Queue connections of QueueEvents ({@code :qe}) and the like are not.
   */
  static Optional<String> bullmqWorker(String connection, String prefix) {
    if (!connection.startsWith(prefix + ":")) {
      return Optional.empty();
    }
    String rest = connection.substring(prefix.length() + 1);
    int colon = rest.indexOf(':');
    String encoded = colon < 0 ? rest : rest.substring(0, colon);
    String workerName = null;
    if (colon >= 0) {
      if (!rest.startsWith(":w:", colon) || rest.length() == colon + 3) {
        return Optional.empty();
      }
      workerName = rest.substring(colon + 3);
    }
    String queue;
    try {
      byte[] decoded = Base64.getDecoder().decode(encoded);
      if (encoded.isEmpty() || !Base64.getEncoder().encodeToString(decoded).equals(encoded)) {
        return Optional.empty();
      }
      queue = new String(decoded, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      return Optional.empty();
    }
    return Optional.of("queue " + queue + (workerName == null ? "" : ", worker " + workerName));
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
