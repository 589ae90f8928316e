package dev.incidentbot.bot.store;

import dev.incidentbot.alert.AlertInbox;
import dev.incidentbot.alert.AlertIntake;
import dev.incidentbot.alert.AlertNotification;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongPredicate;

/**
 * The alert inbox in the bot's database ({@code alert_inbox}, V42). A notification is stored in one
 * transaction with its delivery record ({@code alert_deliveries}, whose primary key makes two
 * identical deliveries racing on two instances store once), claimed by this instance. Claims are
 * compare-and-set updates, so an entry is claimed by exactly one instance; this instance renews its
 * claims on every {@link #maintain}, and an entry whose claim is older than the lease is free for
 * any instance to take over.
 *
 * <p>A standby instance (one that does not answer in chat) stores entries already lapsed, and the
 * leader claims them at its next {@link #claim}.
 *
 * <p>Embedded H2 is opened by one process only, so at start-up every pending entry is this
 * instance's at once; on PostgreSQL a restarted instance takes its earlier life's entries once
 * their lease has lapsed. Handled entries are deleted after the retention.
 */
public final class JdbcAlertInbox implements AlertInbox {
  /** How long a claim holds without renewal. {@link #maintain} must run well within it. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

  /**
   * How long handled entries are kept: longer than Alertmanager retries a delivery, for looking
   * back at what arrived.
   */
  public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);

  private static final int PURGE_EVERY = 500;

  private final Database db;
  private final String instance;
  private final Duration lease;
  private final Duration retention;
  private final AtomicLong stores = new AtomicLong();
  private final java.util.function.BooleanSupplier handlesHere;
  private final java.util.function.BooleanSupplier soleHandler;

  /**
   * @param instance this bot instance's id, unique among live instances (a new one per start)
   */
  public JdbcAlertInbox(Database db, String instance, Duration lease, Duration retention) {
    this(db, instance, lease, retention, () -> true, () -> false);
  }

  /**
   * @param handlesHere whether this instance handles alerts now (it is the leader): while it is
   *     not, what it stores is left unclaimed (claimed at the epoch) for the leader to take
   * @param soleHandler whether this instance is the only one that handles alerts (it holds the
   *     gateway lease): then at start-up it takes every pending entry at once, including those of
   *     the leader before it, which died or stepped down, without waiting for their lease to lapse
   */
  public JdbcAlertInbox(
      Database db,
      String instance,
      Duration lease,
      Duration retention,
      java.util.function.BooleanSupplier handlesHere,
      java.util.function.BooleanSupplier soleHandler) {
    this.db = db;
    this.instance = instance;
    this.lease = lease;
    this.retention = retention;
    this.handlesHere = handlesHere;
    this.soleHandler = soleHandler;
    // embedded H2 writes each commit before it returns: Database opens it with WRITE_DELAY=0
  }

  @Override
  public OptionalLong store(AlertIntake.Delivery delivery, Instant now, Duration retryWindow) {
    AlertNotification n = delivery.notification();
    String key = deliveryKey(n.deliveryKey());
    String payload = AlertInboxCodec.write(delivery);
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try {
        long id = store(c, key, n, payload, now, retryWindow);
        if (id == RETRY) {
          c.rollback();
          return OptionalLong.empty();
        }
        c.commit(); // a new entry, or a pending one seen again now
        return id == PENDING ? OptionalLong.empty() : OptionalLong.of(id);
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      }
    } catch (SQLException e) {
      // the sentence names the cause ("No space left on device writing …"), and /healthz probes
      throw db.failed("store the Alertmanager notification", e);
    }
  }

  /** What {@link #store(Connection, String, AlertNotification, String, Instant, Duration)} says. */
  private static final long RETRY = -1;

  private static final long PENDING = -2;

  /** The new entry's id, {@link #RETRY} or {@link #PENDING}. */
  private long store(
      Connection c,
      String key,
      AlertNotification n,
      String payload,
      Instant now,
      Duration retryWindow)
      throws SQLException {
    if (stores.incrementAndGet() % PURGE_EVERY == 1) {
      try (PreparedStatement purge =
          c.prepareStatement("DELETE FROM alert_deliveries WHERE received_at < ?")) {
        purge.setTimestamp(1, Timestamp.from(now.minus(retryWindow)));
        purge.executeUpdate();
      }
    }
    // seen longer ago than the window: a repeat, to be handled again
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE alert_deliveries SET received_at = ? WHERE delivery_key = ?"
                + " AND received_at < ?")) {
      ps.setTimestamp(1, Timestamp.from(now));
      ps.setString(2, key);
      ps.setTimestamp(3, Timestamp.from(now.minus(retryWindow)));
      if (ps.executeUpdate() == 0 && !firstSeen(c, key, now)) {
        return RETRY; // seen within the window
      }
    }
    if (pending(c, key)) {
      return PENDING; // stored and not handled yet: it will be; its window starts again now
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO alert_inbox (dedup_key, source, group_key, payload, received_at,"
                + " claimed_by, claimed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, key);
      ps.setString(2, n.source().name());
      ps.setString(3, JdbcAlertGroupStore.storedKey(n.groupKey()));
      ps.setString(4, payload);
      ps.setTimestamp(5, Timestamp.from(now));
      ps.setString(6, instance);
      // a standby's entry is lapsed from the start: the leader takes it over at once
      ps.setTimestamp(7, Timestamp.from(handlesHere() ? now : Instant.EPOCH));
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        if (!keys.next()) {
          throw new SQLException("no id generated for the alert inbox entry");
        }
        return keys.getLong(1);
      }
    }
  }

  /** Records the first sighting of {@code key}; false when another one is recorded already. */
  private static boolean firstSeen(Connection c, String key, Instant now) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO alert_deliveries (delivery_key, received_at) VALUES (?, ?)")) {
      ps.setString(1, key);
      ps.setTimestamp(2, Timestamp.from(now));
      ps.executeUpdate();
      return true;
    } catch (SQLException e) {
      if ("23505".equals(e.getSQLState())) { // unique violation, in H2 and PostgreSQL alike
        return false;
      }
      throw e;
    }
  }

  private static boolean pending(Connection c, String key) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT 1 FROM alert_inbox WHERE dedup_key = ? AND handled_at IS NULL")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  @Override
  public boolean handlesHere() {
    return handlesHere.getAsBoolean();
  }

  @Override
  public boolean holds(long id, Instant now) {
    if (!handlesHere()) {
      return false; // stepped down: the leader takes it over
    }
    return update(
            "UPDATE alert_inbox SET claimed_at = ? WHERE id = ? AND claimed_by = ?"
                + " AND handled_at IS NULL",
            "renew the claim on alert inbox entry " + id,
            ps -> {
              ps.setTimestamp(1, Timestamp.from(now));
              ps.setLong(2, id);
              ps.setString(3, instance);
            })
        == 1;
  }

  @Override
  public void handled(long id, Instant now) {
    update(
        "UPDATE alert_inbox SET handled_at = ? WHERE id = ? AND claimed_by = ?",
        "mark alert inbox entry " + id + " handled",
        ps -> {
          ps.setTimestamp(1, Timestamp.from(now));
          ps.setLong(2, id);
          ps.setString(3, instance);
        });
  }

  @Override
  public List<Entry> claim(Instant now, boolean startUp, int limit, LongPredicate skip) {
    if (!handlesHere()) {
      return List.of();
    }
    boolean everything = startUp && (!db.isPostgres() || soleHandler.getAsBoolean());
    Instant lapsed = everything ? now.plusSeconds(1) : now.minus(lease);
    var entries = new ArrayList<Entry>();
    String sql =
        "SELECT id, claimed_by, claimed_at, received_at FROM alert_inbox"
            + " WHERE handled_at IS NULL AND (claimed_by = ? OR claimed_at < ?) ORDER BY id";
    try (Connection c = db.connection()) {
      var claimed = new ArrayList<long[]>();
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, instance);
        ps.setTimestamp(2, Timestamp.from(lapsed));
        try (ResultSet rs = ps.executeQuery()) {
          while (claimed.size() < limit && rs.next()) {
            long id = rs.getLong(1);
            if (skip.test(id)) {
              continue;
            }
            if (instance.equals(rs.getString(2))
                || takeOver(c, id, rs.getString(2), rs.getTimestamp(3), now)) {
              claimed.add(new long[] {id, rs.getTimestamp(4).toInstant().toEpochMilli()});
            }
          }
        }
      }
      for (long[] entry : claimed) {
        long ageNanos = Duration.ofMillis(now.toEpochMilli() - entry[1]).toNanos();
        entries.add(
            new Entry(
                entry[0],
                AlertInboxCodec.read(payload(c, entry[0]), System.nanoTime() - ageNanos)));
      }
    } catch (SQLException e) {
      throw db.failed("read the alert inbox", e);
    }
    return entries;
  }

  private static String payload(Connection c, long id) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT payload FROM alert_inbox WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("alert inbox entry " + id + " vanished while being claimed");
        }
        return rs.getString(1);
      }
    }
  }

  /** Takes entry {@code id} over from {@code owner}, unless someone renewed or took it first. */
  private boolean takeOver(Connection c, long id, String owner, Timestamp claimedAt, Instant now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE alert_inbox SET claimed_by = ?, claimed_at = ? WHERE id = ?"
                + " AND claimed_by = ? AND claimed_at = ? AND handled_at IS NULL")) {
      ps.setString(1, instance);
      ps.setTimestamp(2, Timestamp.from(now));
      ps.setLong(3, id);
      ps.setString(4, owner);
      ps.setTimestamp(5, claimedAt);
      return ps.executeUpdate() == 1;
    }
  }

  @Override
  public void maintain(Instant now) {
    update(
        "UPDATE alert_inbox SET claimed_at = ? WHERE claimed_by = ? AND handled_at IS NULL",
        "renew this instance's alert inbox claims",
        ps -> {
          ps.setTimestamp(1, Timestamp.from(now));
          ps.setString(2, instance);
        });
    update(
        "DELETE FROM alert_inbox WHERE handled_at < ?",
        "forget handled alert inbox entries",
        ps -> ps.setTimestamp(1, Timestamp.from(now.minus(retention))));
  }

  /** Entries not handled yet, whoever holds them: for tests and operators. */
  public int pendingCount() {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement("SELECT COUNT(*) FROM alert_inbox WHERE handled_at IS NULL");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      throw new StoreException("count pending alert inbox entries", e);
    }
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private int update(String sql, String what, Binder binder) {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException(what, e);
    }
  }

  /** The key {@code alert_deliveries} and {@code alert_inbox} store for a delivery key. */
  static String deliveryKey(String deliveryKey) {
    if (deliveryKey.length() <= 120) {
      return deliveryKey;
    }
    return "sha256:" + Sha256.hex(deliveryKey);
  }

  /** Rolls back, ignoring a connection already broken: the transaction dies with it. */
  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is closed next; the transaction dies with it
    }
  }
}
