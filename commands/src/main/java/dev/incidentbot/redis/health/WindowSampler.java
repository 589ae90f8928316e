package dev.incidentbot.redis.health;

import dev.incidentbot.redis.InfoSnapshot;
import dev.incidentbot.redis.Resp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.resps.Slowlog;

/**
 * Takes a {@link Window}: INFO (and the server's TIME) at the start, {@value #PROBES} PINGs at
 * random moments over the window on a connection of their own, a PUBLISH to a channel nobody
 * listens on as a write-path probe (CLIENT PAUSE WRITE holds it; it stores nothing), then INFO, the
 * new slow log entries and the latency monitor's new events at the end. Changes nothing on the
 * server: no CONFIG SET, no SLOWLOG RESET, no key written.
 *
 * <p>Not thread-safe; one per check.
 */
final class WindowSampler {
  /** How many latency probes each part of a window sends. */
  static final int PROBES = 24;

  /**
   * The first part of every window; a server that looks quiet in it is judged on it alone, so a
   * healthy target's answer stays quick. Anything off extends the look to the whole window.
   */
  static final Duration QUICK = Duration.ofMillis(150);

  /** A probe slower than this in the first part extends the window. */
  static final double QUIET_PROBE_MS = 5;

  private static final long MIN_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /** The write-path probe's channel: nobody subscribes, nothing is stored. */
  static final String WRITE_PROBE_CHANNEL = "redis-incident-bot:write-probe";

  static final String[] SECTIONS = {
    "server",
    "clients",
    "memory",
    "persistence",
    "stats",
    "replication",
    "keyspace",
    "errorstats",
    "commandstats"
  };

  private WindowSampler() {}

  /**
   * Samples over {@code length}.
   *
   * @param main the check's connection (INFO, TIME, SLOWLOG, LATENCY)
   * @param probe a connection for the latency probes only
   * @param writer a connection for the write-path probe only, or null to skip it
   * @param executor runs the write probe, which may be held for the whole window
   */
  static Window sample(Jedis main, Jedis probe, Jedis writer, Executor executor, Duration length) {
    // Long on purpose: the sampling window as one timeline (probes, INFO before and after, write
    // probe); split, its timing would be spread over methods.
    long serverStart = serverSeconds(main);
    InfoSnapshot before = HealthCheck.info(main, SECTIONS);
    long t0 = System.nanoTime();
    long lengthNanos = length.toNanos();
    CompletableFuture<Boolean> write = null;
    if (writer != null) {
      int wait = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(lengthNanos) + 200);
      write =
          CompletableFuture.supplyAsync(
              () -> {
                writer.getConnection().setSoTimeout(wait);
                writer.publish(WRITE_PROBE_CHANNEL, "1");
                return true;
              },
              executor);
    }
    var probes = new Probes();
    long quick = Math.min(lengthNanos, QUICK.toNanos());
    probes.run(probe, t0, quick);
    InfoSnapshot after = HealthCheck.info(main, SECTIONS);
    int infos = 1;
    Window sofar =
        new Window(
            length,
            probes.ms(),
            probes.unanswered,
            before,
            after,
            Duration.ofNanos(System.nanoTime() - t0),
            List.of(),
            List.of(),
            write == null || write.isDone() ? Window.WriteProbe.ANSWERED : Window.WriteProbe.HELD,
            Map.of("ping", (long) probes.answered(), "info", 1L));
    if (!quiet(sofar) && lengthNanos > quick) {
      // something looks off: watch the rest of the window before judging
      long restStart = System.nanoTime();
      probes.run(probe, restStart, lengthNanos - quick);
      after = HealthCheck.info(main, SECTIONS);
      infos = 2;
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
    Window.WriteProbe writes = Window.WriteProbe.UNKNOWN;
    if (write != null) {
      if (write.isDone()) {
        writes = Window.WriteProbe.ANSWERED; // an error (an ACL) answered too: nothing held it
      } else {
        writes = Window.WriteProbe.HELD;
      }
    }
    int taken = probes.answered() + probes.unanswered;
    int unanswered = probes.unanswered;
    double[] ms = probes.ms();
    Map<String, Long> own = new HashMap<>();
    own.put("ping", (long) (taken - unanswered));
    own.put("info", (long) infos);
    if (writes == Window.WriteProbe.ANSWERED) {
      own.put("publish", 1L);
    }
    return new Window(
        length,
        ms,
        unanswered,
        before,
        after,
        elapsed,
        slowSince(main, serverStart),
        eventsSince(main, serverStart),
        writes,
        own);
  }

  /**
   * Whether the first part of the window shows nothing worth a longer look: every probe fast, no
   * unanswered one, the write probe answered, no command slower than 1 ms, the server busy under a
   * quarter of the time.
   */
  static boolean quiet(Window w) {
    return w.unanswered() == 0
        && w.maxMs() <= QUIET_PROBE_MS
        && w.writes() != Window.WriteProbe.HELD
        && w.commandCosts().stream().noneMatch(c -> c.msPerCall() > 1)
        && w.busyShare() < 0.25
        && w.delta("evicted_keys") == 0
        && w.delta("rejected_connections") == 0
        && w.errors("OOM") == 0
        && w.delta("sync_full") == 0;
  }

  /** Latency probes at random moments, {@value #PROBES} per part of the window. */
  private static final class Probes {
    private final List<Double> ms = new ArrayList<>();
    int unanswered;
    private boolean broken;

    int answered() {
      return ms.size() - unanswered;
    }

    double[] ms() {
      return ms.stream().mapToDouble(Double::doubleValue).toArray();
    }

    void run(Jedis probe, long t0, long lengthNanos) {
      if (broken) {
        return;
      }
      long[] due = new long[PROBES];
      for (int i = 0; i < PROBES; i++) {
        due[i] = t0 + ThreadLocalRandom.current().nextLong(Math.max(1, lengthNanos));
      }
      Arrays.sort(due);
      long closeAt = t0 + lengthNanos + Math.max(lengthNanos / 2, MIN_GRACE_NANOS);
      long previousDone = t0;
      for (int i = 0; i < PROBES; i++) {
        long wait = due[i] - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        int timeout = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(closeAt - System.nanoTime()));
        try {
          probe.getConnection().setSoTimeout(timeout);
          // a probe held back by the previous one's wait counts from when it was due (a client
          // sending then would have waited too); one the bot's own thread woke late for counts
          // from when it was sent, so that a busy bot host does not read as a slow server
          long from = previousDone > due[i] ? due[i] : System.nanoTime();
          probe.ping();
          previousDone = System.nanoTime();
          ms.add((previousDone - from) / 1e6);
        } catch (JedisConnectionException e) {
          // no answer before the window closed: this and every probe due by now waited at least
          // so long
          long now = System.nanoTime();
          for (; i < PROBES && due[i] <= now; i++) {
            ms.add((now - due[i]) / 1e6);
            unanswered++;
          }
          broken = true;
          return;
        }
      }
    }
  }

  private static long serverSeconds(Jedis jedis) {
    try {
      List<String> time = jedis.time();
      return Long.parseLong(time.get(0));
    } catch (RuntimeException e) {
      if (e instanceof JedisConnectionException) {
        throw e;
      }
      return System.currentTimeMillis() / 1000; // TIME denied (ACL, renamed): the bot's clock
    }
  }

  /** Slow log entries logged at or after {@code since} (the server's seconds). */
  private static List<Window.SlowEntry> slowSince(Jedis jedis, long since) {
    var out = new ArrayList<Window.SlowEntry>();
    try {
      for (Slowlog entry : jedis.slowlogGet(128)) {
        if (entry.getTimeStamp() < since) {
          break; // newest first
        }
        String name =
            entry.getArgs().isEmpty() ? "?" : entry.getArgs().get(0).toLowerCase(Locale.ROOT);
        out.add(new Window.SlowEntry(name, entry.getExecutionTime(), entry.getTimeStamp()));
      }
    } catch (JedisConnectionException e) {
      throw e;
    } catch (RuntimeException e) {
      // SLOWLOG denied or renamed: the other evidence still stands
    }
    return out;
  }

  /** LATENCY LATEST rows whose latest spike is at or after {@code since}. */
  private static List<Window.LatencyEvent> eventsSince(Jedis jedis, long since) {
    var out = new ArrayList<Window.LatencyEvent>();
    try {
      for (Object row : Resp.list(jedis.sendCommand(Protocol.Command.LATENCY, "LATEST"))) {
        List<Object> f = Resp.list(row);
        long at = Resp.number(f.get(1), 0);
        if (at >= since) {
          out.add(new Window.LatencyEvent(Resp.text(f.get(0)), Resp.number(f.get(2), 0), at));
        }
      }
    } catch (JedisConnectionException e) {
      throw e;
    } catch (RuntimeException e) {
      // LATENCY denied or renamed
    }
    return out;
  }
}
