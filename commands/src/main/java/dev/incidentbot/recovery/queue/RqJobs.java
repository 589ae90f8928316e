package dev.incidentbot.recovery.queue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.resps.Tuple;

/**
 * RQ job bookkeeping done the way RQ itself does it, as WATCHed MULTI/EXEC batches: finished and
 * failed registries ({@code rq:finished:<q>}, {@code rq:failed:<q>}) trimmed with the job hash and
 * its {@code :dependents}, {@code :dependencies} and result keys; abandoned started jobs (past
 * their {@code rq:wip:<q>} deadline) moved to failed as RQ's own cleanup does; failed jobs requeued
 * as {@code FailedJobRegistry.requeue} does (status queued, pushed on {@code rq:queue:<q>}).
 *
 * <p>Stateless; every call uses the given connection only (and its timeout).
 */
final class RqJobs {
  /** RQ's DEFAULT_FAILURE_TTL: how long a failed job stays in the registry (one year). */
  static final long DEFAULT_FAILURE_TTL = 31_536_000L;

  private static final DateTimeFormatter RQ_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  private static final int SAMPLES = 5;

  private RqJobs() {}

  static String registry(QueueRef q, String state) {
    return switch (state) {
      case "completed" -> "rq:finished:" + q.name();
      case "failed" -> "rq:failed:" + q.name();
      case "started" -> "rq:wip:" + q.name();
      default -> throw new IllegalArgumentException(state);
    };
  }

  /** Jobs of a registry beyond the newest {@code keep} that ended before {@code cutoff}. */
  static Selection trimmable(Jedis j, QueueRef q, String state, Long keep, Instant cutoff) {
    String key = registry(q, state);
    BullMqJobs.requireType(j, key, "zset");
    long total = j.zcard(key);
    long end = keep == null ? total - 1 : total - keep - 1;
    var ids = new ArrayList<String>();
    if (end >= 0) {
      List<String> candidates =
          j.zrange(key, 0, Math.min(end, BullMqJobs.MAX_JOBS - 1)).stream().toList();
      List<String> ended = hget(j, candidates, "ended_at");
      for (int i = 0; i < candidates.size(); i++) {
        if (cutoff == null || endedBefore(ended.get(i), cutoff)) {
          ids.add(candidates.get(i));
        }
      }
    }
    return new Selection(ids, total, samples(j, ids));
  }

  static Selection failed(Jedis j, QueueRef q) {
    String key = registry(q, "failed");
    BullMqJobs.requireType(j, key, "zset");
    List<String> ids = j.zrange(key, 0, BullMqJobs.MAX_JOBS - 1);
    return new Selection(ids, j.zcard(key), samples(j, ids));
  }

  /** Started jobs past their deadline: the worker that took them is gone. */
  static Selection abandoned(Jedis j, QueueRef q, Instant now) {
    String key = registry(q, "started");
    BullMqJobs.requireType(j, key, "zset");
    List<String> ids =
        j.zrangeByScoreWithScores(key, "-inf", "(" + now.getEpochSecond()).stream()
            .map(Tuple::getElement)
            .limit(BullMqJobs.MAX_JOBS)
            .toList();
    return new Selection(ids, j.zcard(key), samples(j, ids));
  }

  /** Removes jobs from a registry with their keys; returns jobs removed and keys deleted. */
  static BullMqJobs.Trimmed trim(
      Jedis j, QueueRef q, String state, List<String> ids, Runnable after) {
    long jobs = 0;
    long keys = 0;
    for (List<String> batch : BullMqJobs.batches(ids)) {
      for (int attempt = 1; ; attempt++) {
        // a job requeued meanwhile changes its hash: the batch is read again, never half done
        j.watch(batch.stream().map(id -> "rq:job:" + id).toArray(String[]::new));
        List<Double> scores = j.zmscore(registry(q, state), batch.toArray(String[]::new));
        var present = new ArrayList<String>();
        for (int i = 0; i < batch.size(); i++) {
          if (scores.get(i) != null) {
            present.add(batch.get(i));
          }
        }
        if (present.isEmpty()) {
          j.unwatch();
          break;
        }
        Transaction tx = j.multi();
        Response<Long> removed = tx.zrem(registry(q, state), present.toArray(String[]::new));
        var deleted = new ArrayList<Response<Long>>();
        for (String id : present) {
          deleted.add(
              tx.unlink(
                  "rq:job:" + id,
                  "rq:job:" + id + ":dependents",
                  "rq:job:" + id + ":dependencies",
                  "rq:results:" + id));
        }
        if (tx.exec() == null) {
          if (attempt >= BullMqJobs.MAX_ATTEMPTS) {
            throw new QueueBusyException(jobs);
          }
          continue;
        }
        jobs += removed.get();
        keys += deleted.stream().mapToLong(Response::get).sum();
        break;
      }
      after.run();
    }
    return new BullMqJobs.Trimmed(jobs, keys, 0);
  }

  /** Moves abandoned started jobs to the failed registry, as RQ's cleanup does; returns them. */
  static List<String> failAbandoned(Jedis j, QueueRef q, List<String> ids, Instant now) {
    var moved = new ArrayList<String>();
    for (List<String> batch : BullMqJobs.batches(ids)) {
      for (int attempt = 1; ; attempt++) {
        j.watch(registry(q, "started"));
        List<Double> scores = j.zmscore(registry(q, "started"), batch.toArray(String[]::new));
        List<String> ttls = hget(j, batch, "failure_ttl");
        Transaction tx = j.multi();
        var inBatch = new ArrayList<String>();
        for (int i = 0; i < batch.size(); i++) {
          if (scores.get(i) == null || scores.get(i) >= now.getEpochSecond()) {
            continue; // finished, or its worker came back
          }
          String id = batch.get(i);
          long ttl = ttls.get(i) == null ? DEFAULT_FAILURE_TTL : Long.parseLong(ttls.get(i));
          tx.zrem(registry(q, "started"), id);
          tx.hset("rq:job:" + id, Map.of("status", "failed", "ended_at", RQ_TIME.format(now)));
          tx.zadd(registry(q, "failed"), ttl < 0 ? ttl : now.getEpochSecond() + ttl, id);
          inBatch.add(id);
        }
        if (tx.exec() == null) {
          if (attempt >= BullMqJobs.MAX_ATTEMPTS) {
            throw new QueueBusyException(moved.size());
          }
          continue;
        }
        moved.addAll(inBatch);
        break;
      }
    }
    return moved;
  }

  /** Puts failed jobs back on their queue, as RQ's FailedJobRegistry.requeue does. */
  static long requeueFailed(Jedis j, QueueRef q, List<String> ids, Instant now, Runnable after) {
    long moved = 0;
    for (List<String> batch : BullMqJobs.batches(ids)) {
      for (int attempt = 1; ; attempt++) {
        j.watch(batch.stream().map(id -> "rq:job:" + id).toArray(String[]::new));
        List<Double> scores = j.zmscore(registry(q, "failed"), batch.toArray(String[]::new));
        List<Boolean> exists = existing(j, batch);
        Transaction tx = j.multi();
        long inBatch = 0;
        for (int i = 0; i < batch.size(); i++) {
          if (scores.get(i) == null || !exists.get(i)) {
            continue; // requeued meanwhile, or the job's hash expired: nothing to run
          }
          String id = batch.get(i);
          String key = "rq:job:" + id;
          tx.zrem(registry(q, "failed"), id);
          tx.hset(
              key,
              Map.of(
                  "status", "queued",
                  "origin", q.name(),
                  "started_at", "",
                  "ended_at", "",
                  "enqueued_at", RQ_TIME.format(now)));
          tx.hdel(key, "exc_info");
          tx.rpush("rq:queue:" + q.name(), id);
          inBatch++;
        }
        tx.sadd("rq:queues", "rq:queue:" + q.name());
        if (tx.exec() == null) {
          if (attempt >= BullMqJobs.MAX_ATTEMPTS) {
            throw new QueueBusyException(moved);
          }
          continue;
        }
        moved += inBatch;
        break;
      }
      after.run();
    }
    return moved;
  }

  private static List<Boolean> existing(Jedis j, List<String> ids) {
    try (Pipeline p = j.pipelined()) {
      var answers = ids.stream().map(id -> p.exists("rq:job:" + id)).toList();
      p.sync();
      return answers.stream().map(Response::get).toList();
    }
  }

  private static List<String> hget(Jedis j, List<String> ids, String field) {
    try (Pipeline p = j.pipelined()) {
      var answers = ids.stream().map(id -> p.hget("rq:job:" + id, field)).toList();
      p.sync();
      return answers.stream().map(Response::get).toList();
    }
  }

  private static boolean endedBefore(String endedAt, Instant cutoff) {
    if (endedAt == null || endedAt.isEmpty()) {
      return true; // RQ never recorded an end: the job hash expired or is broken; trim it
    }
    try {
      return Instant.parse(endedAt).isBefore(cutoff);
    } catch (DateTimeParseException e) {
      return false; // unreadable: keep it
    }
  }

  private static List<String> samples(Jedis j, List<String> ids) {
    var out = new ArrayList<String>();
    for (String id : ids.subList(0, Math.min(SAMPLES, ids.size()))) {
      List<String> f = j.hmget("rq:job:" + id, "description", "status");
      out.add(
          id
              + " "
              + Objects.requireNonNullElse(f.get(0), "?")
              + (f.get(1) == null ? "" : " (" + f.get(1) + ")"));
    }
    return out;
  }
}
