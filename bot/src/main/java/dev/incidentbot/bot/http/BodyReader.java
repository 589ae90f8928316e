package dev.incidentbot.bot.http;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.NanoTime;

/**
 * Reads a request body without holding a thread while it arrives: each chunk is taken when Jetty
 * has one, and the reader asks to be called again when it has none. Ends in exactly one {@link
 * Outcome}: the whole body; too large (past the limit it still reads and drops the rest, up to a
 * drain limit, so the client gets an answer instead of a reset); too slow (not complete within the
 * time limit, or stalled past Jetty's idle timeout); or failed (the client went away).
 *
 * <p>The time limit is checked whenever bytes arrive: a client that trickles a byte a second is cut
 * at the limit, one that stops sending is cut by the idle timeout.
 */
final class BodyReader implements Runnable {
  /** How a body read ended. */
  sealed interface Outcome {
    /** The whole body, within the size limit. */
    record Read(byte[] bytes) implements Outcome {}

    /** Longer than the size limit (said so in its length, or found while reading). */
    record TooLarge() implements Outcome {}

    /** Not complete within the time limit, or stalled past the idle timeout. */
    record TooSlow() implements Outcome {}

    /** The connection failed (the client went away): there is no one to answer. */
    record Failed(Throwable cause) implements Outcome {}
  }

  private final Request request;
  private final int limit;
  private final long drainLimit;
  private final long deadlineNanos;
  private final Consumer<Outcome> then;
  private byte[] buffer = new byte[8192];
  private long total;
  private boolean tooLarge;
  private boolean done;

  private BodyReader(
      Request request, int limit, long drainLimit, Duration timeLimit, Consumer<Outcome> then) {
    this.request = request;
    this.limit = limit;
    this.drainLimit = drainLimit;
    this.deadlineNanos = NanoTime.now() + timeLimit.toNanos();
    this.then = then;
    this.tooLarge = request.getLength() > limit;
  }

  /**
   * Starts reading {@code request}'s body; {@code then} gets the outcome once, on the calling
   * thread or on one of the server's pool threads (which may block).
   *
   * @param limit the largest body accepted
   * @param drainLimit how much of a too-large body is read and dropped before answering
   * @param timeLimit how long the whole body may take, from now
   */
  static void read(
      Request request, int limit, long drainLimit, Duration timeLimit, Consumer<Outcome> then) {
    new BodyReader(request, limit, drainLimit, timeLimit, then).run();
  }

  /** Reads what has arrived; called again by Jetty (never concurrently) when more arrives. */
  @Override
  public void run() {
    while (!done) {
      Content.Chunk chunk = request.read();
      if (chunk == null) {
        if (NanoTime.isBefore(deadlineNanos, NanoTime.now())) {
          finish(new Outcome.TooSlow());
        } else {
          request.demand(this);
        }
        return;
      }
      if (Content.Chunk.isFailure(chunk)) {
        Throwable failure = chunk.getFailure();
        finish(
            failure instanceof TimeoutException
                ? new Outcome.TooSlow()
                : new Outcome.Failed(failure));
        return;
      }
      boolean last = chunk.isLast();
      take(chunk);
      if (last) {
        finish(
            tooLarge
                ? new Outcome.TooLarge()
                : new Outcome.Read(Arrays.copyOf(buffer, (int) total)));
      } else if (total > drainLimit) {
        finish(new Outcome.TooLarge());
      }
    }
  }

  private void take(Content.Chunk chunk) {
    try {
      var bytes = chunk.getByteBuffer();
      int n = bytes.remaining();
      if (!tooLarge && total + n > limit) {
        tooLarge = true;
        buffer = null;
      }
      if (!tooLarge) {
        if (total + n > buffer.length) {
          buffer =
              Arrays.copyOf(buffer, (int) Math.min(limit, Math.max(total + n, 2L * buffer.length)));
        }
        bytes.get(buffer, (int) total, n);
      }
      total += n;
    } finally {
      chunk.release();
    }
  }

  private void finish(Outcome outcome) {
    done = true;
    buffer = null;
    then.accept(outcome);
  }
}
