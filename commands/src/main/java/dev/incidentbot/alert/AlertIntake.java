package dev.incidentbot.alert;

import dev.incidentbot.chat.Outbox;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every alert notification enters: drops retried deliveries, then queues the rest for the
 * {@link AlertResponder}, one lane per alert group so a group's notifications are handled one at a
 * time and in order, while different groups proceed side by side on a bounded pool. Nothing is
 * dropped silently: when the queue is full the caller is told {@link Submission#BUSY} (the webhook
 * answers 503 and Alertmanager retries).
 *
 * <p>Thread-safe. {@link #submit} returns quickly (one database insert) and never blocks on chat or
 * Redis; call it from HTTP and chat event threads.
 */
public final class AlertIntake {
  private static final Logger log = LoggerFactory.getLogger(AlertIntake.class);

  /** What became of a submitted notification. */
  public enum Submission {
    /** Queued for handling. */
    ACCEPTED,
    /** The same delivery was seen within the retry window: nothing more happens. */
    RETRY,
    /** Too many notifications are waiting; try again later. */
    BUSY,
    /** Not an alert, or from a sender that is not allowed. */
    IGNORED
  }

  /**
   * A notification on its way, with the chat message it arrived as (null for webhooks: the
   * responder posts one) and when it arrived ({@link System#nanoTime()}), for triage latency.
   */
  public record Delivery(
      AlertNotification notification, Outbox.Posted message, long receivedNanos) {}

  private final AlertGroupStore store;
  private final AlertResponder responder;
  private final AlertSettings settings;
  private final AlertMessageParser parser = new AlertMessageParser();
  private final Clock clock;
  private final AlertMetrics metrics;
  private final GroupLanes lanes;

  public AlertIntake(
      AlertGroupStore store,
      AlertResponder responder,
      AlertSettings settings,
      Clock clock,
      AlertMetrics metrics,
      Executor workers) {
    this.store = store;
    this.responder = responder;
    this.settings = settings;
    this.clock = clock;
    this.metrics = metrics;
    this.lanes = new GroupLanes(workers, settings.queueCapacity());
  }

  /** Takes a notification that arrived over HTTP; the responder posts it in the alert channel. */
  public Submission submit(AlertNotification notification) {
    return submit(new Delivery(notification, null, System.nanoTime()));
  }

  /**
   * Takes a message posted in an alert channel: alerts from configured senders are handled, every
   * other message is {@link Submission#IGNORED}.
   */
  public Submission submitMessage(AlertMessage message) {
    long received = System.nanoTime();
    if (!settings.senders().contains(message.senderId())) {
      return Submission.IGNORED;
    }
    Optional<AlertNotification> parsed = parser.parse(message);
    if (parsed.isEmpty()) {
      return Submission.IGNORED;
    }
    var posted = new Outbox.Posted(message.place(), message.messageId());
    return submit(new Delivery(parsed.get(), posted, received));
  }

  private Submission submit(Delivery delivery) {
    AlertNotification n = delivery.notification();
    Submission outcome;
    if (!lanes.reserve()) {
      log.warn(
          "alert intake full ({} waiting): refused {}", settings.queueCapacity(), n.groupKey());
      outcome = Submission.BUSY;
    } else if (!firstDelivery(n)) {
      lanes.release();
      outcome = Submission.RETRY;
    } else {
      lanes.run(
          n.groupKey(), () -> responder.handle(delivery, () -> lanes.laterQueued(n.groupKey())));
      outcome = Submission.ACCEPTED;
    }
    metrics.received(n.source(), outcome);
    return outcome;
  }

  private boolean firstDelivery(AlertNotification n) {
    try {
      return store.firstDelivery(n.deliveryKey(), clock.instant(), settings.retryWindow());
    } catch (RuntimeException e) {
      lanes.release();
      throw e;
    }
  }

  /** Notifications waiting or being handled, for tests and /metrics. */
  public int pending() {
    return lanes.pending();
  }
}
