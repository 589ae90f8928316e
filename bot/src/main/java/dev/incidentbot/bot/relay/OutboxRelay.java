package dev.incidentbot.bot.relay;

import dev.incidentbot.bot.store.Database;
import dev.incidentbot.chat.Outbox;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's side of the relay: every {@link #EVERY} it claims the requests standbys wrote, makes
 * each call on the chat adapter in order, and writes the answer back (or the sentence of what went
 * wrong). Posts go out with the request's key as their Discord nonce, so one the previous leader
 * made just before dying is answered by Discord with the same message instead of a second one.
 *
 * <p>Hand-written rather than a message broker: the bot's only shared part is its database, and a
 * standby's jobs need the answer (the message id) before they go on.
 */
public final class OutboxRelay implements AutoCloseable {
  /** How long a leader's claim holds before another may take the request over. */
  public static final Duration CLAIM = Duration.ofSeconds(60);

  /** How often the leader looks for requests. */
  static final Duration EVERY = Duration.ofMillis(200);

  /** Answered requests are kept this long, so a repeated key still answers its first post. */
  static final Duration KEEP = Duration.ofDays(1);

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
  private static final int BATCH = 8;
  private static final int PURGE_EVERY = 3000; // rounds: about every ten minutes

  private final RelayQueue queue;
  private final Outbox adapter;
  private final ScheduledExecutorService loop =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "outbox-relay");
            t.setDaemon(true);
            return t;
          });
  private long rounds;
  private volatile boolean failing;

  OutboxRelay(RelayQueue queue, Outbox adapter) {
    this.queue = queue;
    this.adapter = adapter;
  }

  /**
   * Starts relaying for the standbys of {@code db}: first takes over what an earlier leader had
   * claimed, then looks every {@link #EVERY}.
   *
   * @param instance this instance's id among those sharing {@code db}
   * @param adapter the chat adapter that posts
   */
  public static OutboxRelay start(Database db, String instance, Clock clock, Outbox adapter) {
    var relay = new OutboxRelay(new RelayQueue(db, instance, clock), adapter);
    relay.takeOverAndRun();
    return relay;
  }

  /** Takes over what an earlier leader claimed, then looks every {@link #EVERY}. */
  void takeOverAndRun() {
    loop.execute(this::takeOver);
    loop.scheduleWithFixedDelay(this::round, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void takeOver() {
    try {
      int freed = queue.takeOver();
      if (freed > 0) {
        log.info("took over {} post(s) the previous leader had not answered", freed);
      }
    } catch (RuntimeException e) {
      log.warn("could not take over the previous leader's posts: {}", e.getMessage());
    }
  }

  /** One round: claims waiting requests and answers each; never throws. */
  void round() {
    try {
      if (++rounds % PURGE_EVERY == 1) {
        queue.purge(KEEP);
      }
      for (RelayQueue.Claimed claimed : queue.claim(BATCH, CLAIM)) {
        answer(claimed);
      }
      if (failing) {
        failing = false;
        log.info("relaying standbys' posts again");
      }
    } catch (RuntimeException e) {
      if (!failing) {
        failing = true;
        log.warn("cannot relay standbys' posts: {}", e.getMessage());
      }
    }
  }

  private void answer(RelayQueue.Claimed claimed) {
    String result;
    try {
      result = RelayCodec.write(perform(RelayCodec.request(claimed.request())));
    } catch (RuntimeException e) {
      log.warn("could not make the post a standby asked for: {}", e.toString());
      queue.finish(claimed.id(), null, e.getMessage() == null ? e.toString() : e.getMessage());
      return;
    }
    queue.finish(claimed.id(), result, null);
  }

  private RelayResult perform(RelayRequest request) {
    return switch (request.op()) {
      case POST ->
          new RelayResult(
              adapter.post(request.place(), request.reply(), request.key()), false, null);
      case EDIT -> new RelayResult(null, adapter.edit(request.message(), request.reply()), null);
      case THREAD ->
          new RelayResult(null, false, adapter.startThread(request.message(), request.name()));
    };
  }

  /** Stops looking; a request being made is finished first (up to 5 s). */
  @Override
  public void close() {
    loop.shutdown();
    try {
      loop.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    loop.shutdownNow();
  }
}
