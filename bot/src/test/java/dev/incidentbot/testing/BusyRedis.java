package dev.incidentbot.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.commands.ProtocolCommand;

/**
 * A slow server on demand: threads run {@code DEBUG SLEEP} back to back, each on its own
 * connection, until closed, so each command of every other client waits up to that long. Long scans
 * and purges then take seconds on any machine, however fast, which is what a test of their progress
 * and Stop button needs.
 *
 * <p>With one connection the server is free between a sleep's reply and the next sleep, and on a
 * busy machine that thread may be slow to send it: meanwhile another client's commands run
 * unhindered, and a purge may do dozens of batches. With two or more connections taking turns, one
 * connection's next sleep waits at the server while another sleeps, so the server is never free for
 * long and the other client gets about one round trip per sleep, however the threads are scheduled.
 */
public final class BusyRedis implements AutoCloseable {
  private static final ProtocolCommand DEBUG = () -> "DEBUG".getBytes(StandardCharsets.UTF_8);

  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;

  private BusyRedis(RedisServer server, Duration each, int connections) {
    String seconds = String.format(Locale.ROOT, "%.3f", each.toMillis() / 1000.0);
    var connected = new CountDownLatch(connections);
    for (int i = 0; i < connections; i++) {
      var thread =
          new Thread(
              () -> {
                try (Jedis j = server.client()) {
                  j.ping();
                  connected.countDown();
                  while (running) {
                    j.sendCommand(DEBUG, "SLEEP", seconds);
                  }
                }
              },
              "busy-redis-" + server.port() + "-" + i);
      thread.setDaemon(true);
      threads.add(thread);
    }
    threads.forEach(Thread::start);
    // busy once this returns: a thread still connecting would leave the server free meanwhile
    try {
      if (!connected.await(30, TimeUnit.SECONDS)) {
        running = false;
        throw new IllegalStateException(
            "the busy connections to " + server.port() + " never opened");
      }
    } catch (InterruptedException e) {
      running = false;
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Starts keeping {@code server} busy with sleeps of {@code each} on one connection. */
  public static BusyRedis start(RedisServer server, Duration each) {
    return new BusyRedis(server, each, 1);
  }

  /**
   * Starts keeping {@code server} busy with sleeps of {@code each} on {@code connections}
   * connections taking turns: another client's command waits up to {@code connections × each}.
   */
  public static BusyRedis start(RedisServer server, Duration each, int connections) {
    return new BusyRedis(server, each, connections);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    for (Thread thread : threads) {
      thread.join(5000);
    }
  }
}
