package dev.incidentbot.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.commands.ProtocolCommand;

/**
 * A slow server on demand: a thread runs {@code DEBUG SLEEP} back to back on its own connection
 * until closed, so each command of every other client waits up to that long. Long scans and purges
 * then take seconds on any machine, however fast, which is what a test of their progress and Stop
 * button needs.
 */
public final class BusyRedis implements AutoCloseable {
  private static final ProtocolCommand DEBUG = () -> "DEBUG".getBytes(StandardCharsets.UTF_8);

  private final Thread thread;
  private volatile boolean running = true;

  private BusyRedis(RedisServer server, Duration each) {
    String seconds = String.format(Locale.ROOT, "%.3f", each.toMillis() / 1000.0);
    thread =
        new Thread(
            () -> {
              try (Jedis j = server.client()) {
                while (running) {
                  j.sendCommand(DEBUG, "SLEEP", seconds);
                }
              }
            },
            "busy-redis-" + server.port());
    thread.setDaemon(true);
    thread.start();
  }

  /** Starts keeping {@code server} busy with sleeps of {@code each}. */
  public static BusyRedis start(RedisServer server, Duration each) {
    return new BusyRedis(server, each);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(5000);
  }
}
