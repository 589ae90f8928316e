package dev.incidentbot.alert;

import dev.incidentbot.chat.Outbox;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every alert notification enters. A notification is first stored in the {@link AlertInbox}
 * (in the bot's database) and only then reported {@link Submission#ACCEPTED}; a retry of one
 * already stored is dropped. Stored notifications are queued for the {@link AlertResponder}, one
 * lane per alert group so a group's notifications are handled one at a time and in order, while
 * different groups proceed side by side on a bounded pool. An entry is marked handled once the
 * responder is done with it; one left pending by a crash is resumed at the next start-up ({@link
 * #resume}) or, with several instances, by whichever instance finds its claim lapsed ({@link
 * #maintain}). A standby instance ({@link AlertInbox#handlesHere()} false) only stores: the leader
 * claims what it stored at its next {@link #maintain}.
 *
 * <p>Nothing is dropped silently: when {@code queueCapacity} notifications already wait in this
 * instance the caller is told {@link Submission#BUSY}, and when the inbox cannot store the
 * notification {@link AlertInbox.Unavailable} is thrown; either way the webhook answers 503 and
 * Alertmanager retries. Large groups are summarised before they are stored ({@link
 * AlertNotification#summarised}, {@link #KEPT_ALERTS}).
 *
 * <p>Thread-safe. {@link #submit} returns quickly (one database transaction) and never blocks on
 * chat or Redis; call it from HTTP and chat event threads.
 */
public final class AlertIntake {
  private static final Logger log = LoggerFactory.getLogger(AlertIntake.class);

  /**
   * Alerts of one notification listed in full; beyond it one alert per target mapping is kept (up
   * to as many again) and the rest are counted ("and 4,213 more").
   */
  public static final int KEPT_ALERTS = 100;

  /** Attempts at a notification whose handling fails before it is given up (and logged). */
  static final int MAX_ATTEMPTS = 5;

  /** What became of a submitted notification. */
  public enum Submission {
    /** Stored and queued for handling. */
    ACCEPTED,
    /** The same delivery is already stored, or was handled within the retry window: no effect. */
    RETRY,
    /** Too many notifications are waiting; try again later. */
    BUSY,
    /** Not an alert, or from a sender that is not allowed. */
    IGNORED,
    /** The inbox could not store it; try again later. */
    UNAVAILABLE
  }

  /**
   * A notification on its way, with the chat message it arrived as (null for webhooks: the
   * responder posts one), when it arrived ({@link System#nanoTime()}), for triage latency, whether
   * it is resumed from the inbox after a crash (its handling may have begun), and its inbox entry's
   * id ({@code 0} before it is stored), which keys the responder's posts so that handling it again
   * after a crash repeats none of them ({@link Outbox#post(dev.incidentbot.chat.Place,
   * dev.incidentbot.chat.Reply, String)}).
   */
  public record Delivery(
      AlertNotification notification,
      Outbox.Posted message,
      long receivedNanos,
      boolean resumed,
      long entryId) {

    public Delivery(AlertNotification notification, Outbox.Posted message, long receivedNanos) {
      this(notification, message, receivedNanos, false, 0);
    }

    public Delivery(
        AlertNotification notification,
        Outbox.Posted message,
        long receivedNanos,
        boolean resumed) {
      this(notification, message, receivedNanos, resumed, 0);
    }

    /** This delivery as inbox entry {@code id}. */
    public Delivery entry(long id) {
      return new Delivery(notification, message, receivedNanos, resumed, id);
    }
  }

  private final AlertInbox inbox;
  private final AlertResponder responder;
  private final AlertSettings settings;
  private final AlertMessageParser parser = new AlertMessageParser();
  private final Clock clock;
  private final AlertMetrics metrics;
  private final GroupLanes lanes;
  private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
  private final Map<Long, Integer> failures = new ConcurrentHashMap<>();

  public AlertIntake(
      AlertInbox inbox,
      AlertResponder responder,
      AlertSettings settings,
      Clock clock,
      AlertMetrics metrics,
      Executor workers) {
    this.inbox = inbox;
    this.responder = responder;
    this.settings = settings;
    this.clock = clock;
    this.metrics = metrics;
    this.lanes = new GroupLanes(workers, settings.queueCapacity());
  }

  /**
   * Takes a notification that arrived over HTTP; the responder posts it in the alert channel.
   *
   * @throws AlertInbox.Unavailable when it could not be stored: it was not accepted
   */
  public Submission submit(AlertNotification notification) {
    return submit(new Delivery(notification, null, System.nanoTime()));
  }

  /**
   * Takes a message posted in an alert channel: alerts from configured senders are handled, every
   * other message is {@link Submission#IGNORED}.
   *
   * @throws AlertInbox.Unavailable when it could not be stored: it was not accepted
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

  private Submission submit(Delivery received) {
    AlertNotification n = responder.summarised(received.notification(), KEPT_ALERTS);
    var delivery = new Delivery(n, received.message(), received.receivedNanos());
    if (!lanes.reserve()) {
      log.warn(
          "alert intake full ({} waiting): refused {}", settings.queueCapacity(), n.groupKey());
      metrics.received(n.source(), Submission.BUSY);
      return Submission.BUSY;
    }
    OptionalLong id;
    try {
      id = inbox.store(delivery, clock.instant(), settings.retryWindow());
    } catch (RuntimeException e) {
      lanes.release();
      metrics.received(n.source(), Submission.UNAVAILABLE);
      throw e;
    }
    if (id.isEmpty()) {
      lanes.release();
      metrics.received(n.source(), Submission.RETRY);
      return Submission.RETRY;
    }
    if (!inbox.handlesHere()) {
      lanes.release(); // stored for the instance that answers in chat, which claims it shortly
      log.debug("alert {} stored for the leader (this instance stands by)", n.groupKey());
      metrics.received(n.source(), Submission.ACCEPTED);
      return Submission.ACCEPTED;
    }
    if (!queue(new AlertInbox.Entry(id.getAsLong(), delivery))) {
      lanes.release(); // maintenance found it first and queued it
    }
    metrics.received(n.source(), Submission.ACCEPTED);
    return Submission.ACCEPTED;
  }

  /**
   * Queues every pending entry of the inbox this instance may take, in the order received: at
   * start-up, once the chat adapter is attached and before new notifications arrive. Resumed
   * entries are queued even beyond the queue's capacity: they were accepted already.
   *
   * @return how many were queued
   */
  public int resume() {
    return resume(true);
  }

  /**
   * Renews this instance's claims, forgets old handled entries, and queues entries left pending:
   * those of instances that stopped renewing their claims, and this instance's own whose handling
   * failed. Call every few seconds (well within the inbox's lease).
   */
  public void maintain() {
    try {
      inbox.maintain(clock.instant());
      resume(false);
    } catch (RuntimeException e) {
      log.warn("alert inbox maintenance failed; retrying later: {}", e.getMessage());
    }
  }

  private int resume(boolean startUp) {
    int limit = startUp ? Integer.MAX_VALUE : lanes.free();
    if (limit == 0) {
      return 0;
    }
    List<AlertInbox.Entry> entries =
        inbox.claim(clock.instant(), startUp, limit, inFlight::contains);
    int queued = 0;
    for (AlertInbox.Entry e : entries) {
      var d = e.delivery();
      var resumed =
          new AlertInbox.Entry(
              e.id(), new Delivery(d.notification(), d.message(), d.receivedNanos(), true));
      if (inFlight.contains(e.id())) {
        continue;
      }
      lanes.force();
      if (queue(resumed)) {
        queued++;
      } else {
        lanes.release();
      }
    }
    if (queued > 0) {
      log.info("alert inbox: resumed {} pending notification(s)", queued);
    }
    return queued;
  }

  /** Queues {@code entry} on a place taken; false when it is queued already. */
  private boolean queue(AlertInbox.Entry entry) {
    if (!inFlight.add(entry.id())) {
      return false;
    }
    String group = entry.delivery().notification().groupKey();
    lanes.run(group, () -> handle(entry, () -> lanes.laterQueued(group)));
    return true;
  }

  private void handle(AlertInbox.Entry entry, java.util.function.BooleanSupplier laterQueued) {
    long id = entry.id();
    try {
      if (!inbox.holds(id, clock.instant())) {
        log.info("alert inbox entry {} is handled or taken over elsewhere; skipped", id);
        failures.remove(id);
        return;
      }
      if (responder.handle(entry.delivery().entry(id), laterQueued)) {
        inbox.handled(id, clock.instant());
        failures.remove(id);
      } else if (failures.merge(id, 1, Integer::sum) >= MAX_ATTEMPTS) {
        log.error(
            "alert inbox entry {} ({}) failed {} times; given up",
            id,
            entry.delivery().notification().groupName(),
            MAX_ATTEMPTS);
        inbox.handled(id, clock.instant());
        failures.remove(id);
      }
    } catch (RuntimeException e) {
      // the database is unreachable: the entry stays pending and maintenance queues it again
      log.error("alert inbox entry {}: could not record its handling; it stays pending", id, e);
    } finally {
      inFlight.remove(id);
    }
  }

  /** Notifications waiting or being handled, for tests and /metrics. */
  public int pending() {
    return lanes.pending();
  }
}
