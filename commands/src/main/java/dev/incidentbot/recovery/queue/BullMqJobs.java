package dev.incidentbot.recovery.queue;

import dev.incidentbot.chat.Ellipsis;
import dev.incidentbot.chat.UserFacingException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.resps.Tuple;

/**
 * BullMQ v5 job bookkeeping done the way BullMQ's own scripts do it, as WATCHed MULTI/EXEC batches
 * instead of Lua: finished jobs are removed with their hash and its sub-keys ({@code :logs}, {@code
 * :dependencies}, {@code :processed}, {@code :failed}, {@code :unsuccessful}) and their
 * deduplication key; requeued jobs go to wait (or paused) and the queue's marker gets {@code 0 0}
 * so idle workers wake at once.
 *
 * <p>Stateless; every call uses the given connection only (and its timeout).
 */
final class BullMqJobs {
  static final int BATCH = 100;
  static final int MAX_ATTEMPTS = 10;
  static final int MAX_JOBS = 100_000;
  private static final List<String> SUB_KEYS =
      List.of("", ":logs", ":dependencies", ":processed", ":failed", ":unsuccessful");
  private static final int SAMPLES = 5;

  private BullMqJobs() {}

  /**
   * Finished jobs of {@code state} beyond the newest {@code keep} and finished before {@code
   * cutoffMillis}.
   */
  static Selection trimmable(Jedis j, QueueRef q, String state, Long keep, Long cutoffMillis) {
    String key = q.base() + state;
    requireType(j, key, "zset");
    long total = j.zcard(key);
    long end = keep == null ? total - 1 : total - keep - 1;
    var ids = new ArrayList<String>();
    if (end >= 0) {
      for (Tuple t : j.zrangeWithScores(key, 0, Math.min(end, MAX_JOBS - 1))) {
        if (cutoffMillis == null || t.getScore() < cutoffMillis) {
          ids.add(t.getElement());
        }
      }
    }
    return new Selection(ids, total, samples(j, q, ids, "failedReason"));
  }

  /** Failed jobs, oldest first. */
  static Selection failed(Jedis j, QueueRef q) {
    String key = q.base() + "failed";
    requireType(j, key, "zset");
    List<String> ids = j.zrange(key, 0, MAX_JOBS - 1);
    return new Selection(ids, j.zcard(key), samples(j, q, ids, "failedReason"));
  }

  /** Active jobs whose lock is gone: their worker died, nothing will finish them. */
  static Selection stalled(Jedis j, QueueRef q) {
    String key = q.base() + "active";
    requireType(j, key, "list");
    List<String> active = j.lrange(key, 0, MAX_JOBS - 1);
    var ids = new ArrayList<String>();
    try (Pipeline p = j.pipelined()) {
      var locks = new ArrayList<Response<Boolean>>();
      for (String id : active) {
        locks.add(p.exists(q.base() + id + ":lock"));
      }
      p.sync();
      for (int i = 0; i < active.size(); i++) {
        if (!locks.get(i).get()) {
          ids.add(active.get(i));
        }
      }
    }
    return new Selection(ids, active.size(), samples(j, q, ids, "processedOn"));
  }

  /** What a trim did. */
  record Trimmed(long jobs, long keys, long keptForParents) {}

  /** Removes {@code ids} from {@code state} with their keys, batch by batch. */
  static Trimmed trim(Jedis j, QueueRef q, String state, List<String> ids, Runnable afterBatch) {
    long jobs = 0;
    long keys = 0;
    long kept = 0;
    for (List<String> batch : batches(ids)) {
      for (int attempt = 1; ; attempt++) {
        List<String> watched = batch.stream().map(id -> q.base() + id).toList();
        j.watch(watched.toArray(String[]::new));
        Map<String, String[]> fields = fields(j, q, batch, "parentKey", "deid");
        var removable = new ArrayList<String>();
        var dedup = new ArrayList<String>();
        for (String id : batch) {
          String[] f = fields.get(id);
          if (f[0] != null && j.sismember(f[0] + ":dependencies", q.base() + id)) {
            continue; // a parent still waits on it: removing it would strand the parent
          }
          removable.add(id);
          if (f[1] != null && id.equals(j.get(q.base() + "de:" + f[1]))) {
            dedup.add(q.base() + "de:" + f[1]);
            dedup.add(q.base() + "dn:" + f[1]);
          }
        }
        Transaction tx = j.multi();
        Response<Long> removed =
            removable.isEmpty()
                ? null
                : tx.zrem(q.base() + state, removable.toArray(String[]::new));
        var unlinked = new ArrayList<Response<Long>>();
        for (String id : removable) {
          unlinked.add(
              tx.unlink(SUB_KEYS.stream().map(s -> q.base() + id + s).toArray(String[]::new)));
        }
        if (!dedup.isEmpty()) {
          tx.del(dedup.toArray(String[]::new));
        }
        if (tx.exec() == null) {
          retryOrGiveUp(attempt, jobs);
          continue;
        }
        jobs += removed == null ? 0 : removed.get();
        keys += unlinked.stream().mapToLong(Response::get).sum();
        kept += batch.size() - removable.size();
        break;
      }
      afterBatch.run();
    }
    return new Trimmed(jobs, keys, kept);
  }

  /** Puts failed jobs back in wait (or paused), as BullMQ's retry does; returns how many. */
  static long requeueFailed(Jedis j, QueueRef q, List<String> ids, Runnable afterBatch) {
    long moved = 0;
    for (List<String> batch : batches(ids)) {
      for (int attempt = 1; ; attempt++) {
        var watched = new ArrayList<String>(batch.stream().map(id -> q.base() + id).toList());
        watched.add(q.base() + "meta");
        j.watch(watched.toArray(String[]::new));
        List<Double> scores = j.zmscore(q.base() + "failed", batch.toArray(String[]::new));
        Map<String, String[]> fields = fields(j, q, batch, "parentKey");
        Map<String, ParentFix> parents = new HashMap<>();
        for (String id : batch) {
          String parent = fields.get(id)[0];
          if (parent != null && j.exists(parent)) {
            String jobKey = q.base() + id;
            parents.put(
                id,
                new ParentFix(
                    parent,
                    j.zscore(parent + ":unsuccessful", jobKey) != null,
                    j.hexists(parent + ":failed", jobKey)));
          }
        }
        Target where = target(j, q);
        Transaction tx = j.multi();
        long inBatch = 0;
        for (int i = 0; i < batch.size(); i++) {
          if (scores.get(i) == null) {
            continue; // no longer failed: retried or removed meanwhile
          }
          String id = batch.get(i);
          String jobKey = q.base() + id;
          tx.zrem(q.base() + "failed", id);
          tx.hdel(jobKey, "finishedOn", "processedOn", "failedReason");
          tx.lpush(where.list, id);
          ParentFix fix = parents.get(id);
          if (fix != null) {
            fix.apply(tx, jobKey);
          }
          event(tx, q, id, "failed");
          inBatch++;
        }
        if (inBatch > 0 && !where.pausedOrMaxed) {
          tx.zadd(q.base() + "marker", 0, "0");
        }
        if (tx.exec() == null) {
          retryOrGiveUp(attempt, moved);
          continue;
        }
        moved += inBatch;
        break;
      }
      afterBatch.run();
    }
    return moved;
  }

  /**
   * Moves active jobs whose lock is gone back to wait, at the end workers take from next (as
   * BullMQ's stalled check does), one WATCHed transaction each; returns how many.
   */
  static long requeueStalled(Jedis j, QueueRef q, List<String> ids, Runnable afterEach) {
    long moved = 0;
    String active = q.base() + "active";
    for (String id : ids) {
      for (int attempt = 1; ; attempt++) {
        String lock = q.base() + id + ":lock";
        j.watch(active, lock, q.base() + "meta");
        if (j.exists(lock) || j.lpos(active, id) == null) {
          j.unwatch();
          break; // a worker holds it again, or it left active
        }
        Target where = target(j, q);
        Transaction tx = j.multi();
        tx.lrem(active, 1, id);
        tx.rpush(where.list, id);
        tx.srem(q.base() + "stalled", id);
        if (!where.pausedOrMaxed) {
          tx.zadd(q.base() + "marker", 0, "0");
        }
        event(tx, q, id, "active");
        if (tx.exec() == null) {
          retryOrGiveUp(attempt, moved);
          continue;
        }
        moved++;
        break;
      }
      afterEach.run();
    }
    return moved;
  }

  /**
   * A parent that counted the job as failed: once it is retried, the parent waits on it again (as
   * BullMQ's retry does).
   */
  private record ParentFix(String parent, boolean unsuccessful, boolean failed) {
    void apply(Transaction tx, String jobKey) {
      if (unsuccessful) {
        tx.zrem(parent + ":unsuccessful", jobKey);
      } else if (failed) {
        tx.hdel(parent + ":failed", jobKey);
      } else {
        return;
      }
      tx.sadd(parent + ":dependencies", jobKey);
    }
  }

  private record Target(String list, boolean pausedOrMaxed) {}

  /** Where a job becomes available: paused when the queue is paused, else wait. */
  private static Target target(Jedis j, QueueRef q) {
    List<String> meta = j.hmget(q.base() + "meta", "paused", "concurrency");
    if (meta.get(0) != null) {
      return new Target(q.base() + "paused", true);
    }
    boolean maxed =
        meta.get(1) != null && j.llen(q.base() + "active") >= Long.parseLong(meta.get(1));
    return new Target(q.base() + "wait", maxed);
  }

  private static void event(Transaction tx, QueueRef q, String id, String previous) {
    tx.xadd(
        q.base() + "events",
        XAddParams.xAddParams().maxLen(10_000).approximateTrimming(),
        Map.of("event", "waiting", "jobId", id, "prev", previous));
  }

  private static Map<String, String[]> fields(
      Jedis j, QueueRef q, List<String> ids, String... names) {
    var out = new HashMap<String, String[]>();
    try (Pipeline p = j.pipelined()) {
      var answers = new ArrayList<Response<List<String>>>();
      for (String id : ids) {
        answers.add(p.hmget(q.base() + id, names));
      }
      p.sync();
      for (int i = 0; i < ids.size(); i++) {
        out.put(ids.get(i), answers.get(i).get().toArray(String[]::new));
      }
    }
    return out;
  }

  private static List<String> samples(Jedis j, QueueRef q, List<String> ids, String detail) {
    var out = new ArrayList<String>();
    for (String id : ids.subList(0, Math.min(SAMPLES, ids.size()))) {
      List<String> f = j.hmget(q.base() + id, "name", detail);
      out.add(
          id
              + " "
              + Objects.requireNonNullElse(f.get(0), "?")
              + (f.get(1) == null ? "" : ": " + detail(detail, f.get(1))));
    }
    return out;
  }

  /** BullMQ's time fields ({@code processedOn}, {@code finishedOn}) hold epoch milliseconds. */
  private static final DateTimeFormatter UTC_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  /** A sample's detail as people read it: a time field as a UTC time, text on one short line. */
  static String detail(String field, String value) {
    if (field.endsWith("On")) {
      try {
        String when = UTC_TIME.format(Instant.ofEpochMilli(Long.parseLong(value.strip())));
        return (field.equals("processedOn") ? "started " : field + " ") + when;
      } catch (NumberFormatException | java.time.DateTimeException notATime) {
        return shorten(value);
      }
    }
    return shorten(value);
  }

  static void requireType(Jedis j, String key, String type) {
    String actual = j.type(key);
    if (!actual.equals(type) && !actual.equals("none")) {
      throw new UserFacingException(
          key + " is a " + actual + ", not a " + type + ": this is not a BullMQ v5 queue.");
    }
  }

  private static void retryOrGiveUp(int attempt, long doneSoFar) {
    if (attempt >= MAX_ATTEMPTS) {
      throw new QueueBusyException(doneSoFar);
    }
  }

  static List<List<String>> batches(List<String> ids) {
    var out = new ArrayList<List<String>>();
    for (int i = 0; i < ids.size(); i += BATCH) {
      out.add(ids.subList(i, Math.min(ids.size(), i + BATCH)));
    }
    return out;
  }

  private static String shorten(String s) {
    String line = s.lines().findFirst().orElse("");
    return Ellipsis.cut(line, 80);
  }
}
