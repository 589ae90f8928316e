package dev.incidentbot.bot.relay;

import dev.incidentbot.bot.store.Database;
import dev.incidentbot.bot.store.Sha256;
import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.format.Durations;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;

/**
 * A standby instance's {@link Outbox}: each call becomes a request in {@code relayed_posts}, made
 * by the leader's {@link OutboxRelay}, and blocks until the leader answers, so scheduled jobs run
 * here as they would on the leader. Places come from the configuration, not from a connection.
 *
 * <p>Every post is keyed: the caller's key, or a fresh one, which the leader passes on as the
 * message's Discord nonce. A call waits at most {@link #WAIT} for a leader to take the request;
 * then it withdraws it and fails with a sentence. A request a leader has claimed is waited for
 * {@link OutboxRelay#CLAIM} longer, since that leader may be posting it right now.
 *
 * <p>Thread-safe.
 */
public final class RelayedOutbox implements Outbox, AutoCloseable {
  /** How long a call waits for a leader to take its request: failover takes seconds. */
  public static final Duration WAIT = Duration.ofMinutes(2);

  private static final Duration POLL = Duration.ofMillis(100);

  private final RelayQueue queue;
  private final Function<Channel, Place> places;
  private final Duration wait;
  private volatile boolean closed;

  /**
   * @param instance this instance's id among those sharing {@code db}
   * @param places where each channel is, from the configuration
   */
  public RelayedOutbox(Database db, String instance, Clock clock, Function<Channel, Place> places) {
    this(new RelayQueue(db, instance, clock), places, WAIT);
  }

  RelayedOutbox(RelayQueue queue, Function<Channel, Place> places, Duration wait) {
    this.queue = queue;
    this.places = places;
    this.wait = wait;
  }

  @Override
  public Place place(Channel channel) {
    return places.apply(channel);
  }

  @Override
  public Posted post(Place place, Reply reply) {
    return post(place, reply, null);
  }

  @Override
  public Posted post(Place place, Reply reply, String key) {
    String posting = key == null ? fresh("post") : key;
    return relay(RelayRequest.post(place, reply, posting), fitted(posting)).posted();
  }

  @Override
  public boolean edit(Posted message, Reply reply) {
    return relay(RelayRequest.edit(message, reply), fresh("edit")).edited();
  }

  @Override
  public Place startThread(Posted message, String name) {
    return relay(RelayRequest.thread(message, name), fresh("thread")).thread();
  }

  /**
   * {@code key} as stored ({@code relayed_posts.post_key} holds 220 characters): a longer one is
   * replaced by its SHA-256, the same for the same key.
   */
  static String fitted(String key) {
    if (key.length() <= 200) {
      return key;
    }
    return "sha256." + Sha256.hex(key);
  }

  private static String fresh(String what) {
    return "relay." + what + "." + UUID.randomUUID();
  }

  /** Stores the request and waits for the leader's answer. */
  private RelayResult relay(RelayRequest request, String key) {
    long id = queue.submit(key, RelayCodec.write(request));
    long start = System.nanoTime();
    boolean claimed = false;
    try {
      while (true) {
        var outcome = queue.outcome(id);
        if (outcome.isPresent()) {
          if (outcome.get().error() != null) {
            throw new IllegalStateException(
                "the leader could not post it: " + outcome.get().error());
          }
          return RelayCodec.result(outcome.get().result());
        }
        if (closed) {
          queue.withdraw(id);
          throw new IllegalStateException("stopped while waiting for the leader to post");
        }
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        if (!claimed && waited.compareTo(wait) >= 0) {
          if (queue.withdraw(id)) {
            throw new IllegalStateException(
                "not posted: no bot instance took the Discord gateway within "
                    + Durations.format(wait)
                    + " to post it");
          }
          claimed = true; // a leader is posting it: give it its claim's time
        }
        if (waited.compareTo(wait.plus(OutboxRelay.CLAIM)) >= 0) {
          throw new IllegalStateException(
              "not confirmed: the leader took the post but did not answer within "
                  + Durations.format(wait.plus(OutboxRelay.CLAIM)));
        }
        Thread.sleep(POLL.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      queue.withdraw(id);
      throw new IllegalStateException("stopped while waiting for the leader to post", e);
    }
  }

  /**
   * Calls waiting for the leader give up (withdrawing their requests unless a leader took them), so
   * that the scheduler can stop; later calls fail at once.
   */
  @Override
  public void close() {
    closed = true;
  }
}
