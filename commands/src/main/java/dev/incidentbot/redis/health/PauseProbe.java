package dev.incidentbot.redis.health;

import dev.incidentbot.redis.Target;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.HostAndPort;

/**
 * Tells a server held by CLIENT PAUSE from one whose event loop is blocked (a long command, DEBUG
 * SLEEP, a busy host), when neither answers commands: a paused server still rejects an unknown
 * command at once (the command lookup comes before the pause), a blocked one answers nothing. Sent
 * on a raw connection without logging in (the unknown command is rejected before authentication
 * too), it reads no data and changes none; it adds one entry to the server's error statistics, and
 * only when the server already failed to answer.
 */
final class PauseProbe {
  /** The command no server knows. */
  static final String UNKNOWN = "REDIS-INCIDENT-BOT-PROBE\r\n";

  private static final long MAX_WAIT_MILLIS = 200;
  private static final long MIN_WAIT_MILLIS = 20;

  private PauseProbe() {}

  /**
   * Whether the server at {@code address} answers an unknown command before {@code deadlineNanos}
   * (and within {@value #MAX_WAIT_MILLIS} ms). False for TLS targets, which it does not probe.
   */
  static boolean eventLoopAnswers(Target target, HostAndPort address, long deadlineNanos) {
    if (target.endpoint().tls()) {
      return false;
    }
    long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    long wait = Math.min(MAX_WAIT_MILLIS, left);
    if (wait < MIN_WAIT_MILLIS) {
      return false;
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address.getHost(), address.getPort()), (int) wait);
      socket.setSoTimeout((int) wait);
      socket.getOutputStream().write(UNKNOWN.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      int first = in.read();
      return first == '-';
    } catch (IOException e) {
      return false;
    }
  }
}
