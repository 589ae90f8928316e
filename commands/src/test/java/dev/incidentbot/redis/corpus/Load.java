package dev.incidentbot.redis.corpus;

import dev.incidentbot.testing.RedisServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import redis.clients.jedis.Jedis;

/**
 * Load that drives a server into an incident state and stops by itself: a loop on a thread of its
 * own, bounded in time, or raw client connections held open. Close to stop it early.
 */
final class Load implements AutoCloseable {
  /** One turn of a load loop, on the loop's own connection. */
  @FunctionalInterface
  interface Turn {
    void run(Jedis jedis) throws Exception;
  }

  private final AtomicBoolean stop = new AtomicBoolean();
  private final List<Thread> threads = new ArrayList<>();
  private final List<Socket> sockets = new ArrayList<>();

  private Load() {}

  static Load none() {
    return new Load();
  }

  /**
   * {@code turn} again and again on {@code threads} connections of their own until closed or {@code
   * max} has passed; errors (OOM, BUSY, a cut connection) are part of the state and ignored.
   * Returns once every connection is open and about to run its first turn: a caller that then waits
   * a moment waits with the load running, not with threads still starting on a slow machine.
   */
  static Load loop(RedisServer server, Duration max, int threads, Turn turn) {
    var load = new Load();
    long end = System.nanoTime() + max.toNanos();
    var connected = new CountDownLatch(threads);
    for (int i = 0; i < threads; i++) {
      Thread t =
          new Thread(
              () -> {
                try (Jedis j = new Jedis("127.0.0.1", server.port(), 10_000)) {
                  try {
                    j.ping();
                  } finally {
                    connected.countDown();
                  }
                  while (!load.stop.get() && System.nanoTime() < end) {
                    try {
                      turn.run(j);
                    } catch (redis.clients.jedis.exceptions.JedisDataException expected) {
                      // OOM, BUSY...: the state being driven
                    }
                  }
                } catch (Exception ended) {
                  // the server was closed under the loop
                }
              },
              "corpus-load");
      t.setDaemon(true);
      t.start();
      load.threads.add(t);
    }
    try {
      if (!connected.await(30, TimeUnit.SECONDS)) {
        load.close();
        throw new IllegalStateException("the load's connections never opened");
      }
    } catch (InterruptedException e) {
      load.close();
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return load;
  }

  static Load loop(RedisServer server, Duration max, Turn turn) {
    return loop(server, max, 1, turn);
  }

  /** {@code count} raw connections to {@code port}, each sending {@code command} (or nothing). */
  static Load connections(int port, int count, String command) throws IOException {
    var load = new Load();
    try {
      for (int i = 0; i < count; i++) {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        load.sockets.add(s);
        if (command != null) {
          OutputStream out = s.getOutputStream();
          out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
        }
      }
    } catch (IOException e) {
      load.close();
      throw e;
    }
    return load;
  }

  @Override
  public void close() {
    stop.set(true);
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing
      }
    }
    for (Thread t : threads) {
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
