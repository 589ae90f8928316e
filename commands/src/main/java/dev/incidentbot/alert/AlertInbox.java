package dev.incidentbot.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.LongPredicate;

/**
 * Port: accepted notifications, stored in the bot's own database before the sender is told they
 * were accepted, and kept until handled, so that a crash loses none of them. Each entry is claimed
 * by exactly one bot instance, which renews its claim while it lives; an entry whose claim has not
 * been renewed within the lease belongs to whichever instance claims it next.
 *
 * <p>Implementations are thread-safe; every method is one short transaction. Failures to store are
 * {@link Unavailable}, with a cause a sender can be told.
 */
public interface AlertInbox {

  /**
   * An entry of the inbox.
   *
   * @param id its id: ids grow in the order entries were received
   * @param delivery the notification, as stored
   */
  record Entry(long id, AlertIntake.Delivery delivery) {}

  /** The inbox could not store or read: the notification was not accepted. */
  final class Unavailable extends RuntimeException {
    public Unavailable(String cause, Throwable e) {
      super(cause, e);
    }
  }

  /**
   * Stores {@code delivery}, claimed by this instance, unless it is a retry: an identical delivery
   * (same {@link AlertNotification#deliveryKey()}) is still pending, or arrived less than {@code
   * retryWindow} ago. A retry of a delivery that was stored but never handled is never dropped for
   * good: the stored one is handled.
   *
   * @return the new entry's id, or empty for a retry
   * @throws Unavailable when it could not be stored
   */
  OptionalLong store(AlertIntake.Delivery delivery, Instant now, Duration retryWindow);

  /**
   * Confirms that this instance still holds entry {@code id} and that it is still pending, renewing
   * the claim: call just before handling it, so an entry taken over by another instance (or already
   * handled) is not handled twice.
   */
  boolean holds(long id, Instant now);

  /** Marks entry {@code id} handled; it is forgotten after the retention. */
  void handled(long id, Instant now);

  /**
   * Claims pending entries for this instance, oldest first: its own that {@code skip} does not name
   * (those it is handling now), and those whose claim has lapsed. At {@code startUp} a database
   * only one process can open (embedded H2) hands over every pending entry at once.
   *
   * @param limit at most this many
   */
  List<Entry> claim(Instant now, boolean startUp, int limit, LongPredicate skip);

  /** Renews this instance's claims and forgets handled entries older than the retention. */
  void maintain(Instant now);

  /**
   * Whether this instance handles the entries it stores: false on a standby bot instance (one that
   * does not hold the chat connection), whose entries are stored unclaimed for the leader to claim
   * at its next {@link #claim}.
   */
  default boolean handlesHere() {
    return true;
  }
}
