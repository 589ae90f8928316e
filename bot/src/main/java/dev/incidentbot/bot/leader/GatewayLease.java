package dev.incidentbot.bot.leader;

import dev.incidentbot.bot.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The right to hold the bot's Discord gateway session, one instance at a time among those sharing
 * the database: on PostgreSQL a session advisory lock ({@code pg_try_advisory_lock}) held on a
 * connection of its own, outside the pool; on H2, which one process opens, always this instance's.
 *
 * <p>A standby asks for the lock every {@link #POLL}. PostgreSQL releases it when the session that
 * holds it ends: at once when the leader's process dies (its socket closes), and when the leader
 * goes silent, after {@link #SERVER_RELEASES_AFTER} ({@code idle_session_timeout}, set on the
 * session). The leader checks its session every {@link #HEARTBEAT}; when a check fails, or none has
 * gone through for {@link #STEP_DOWN_AFTER} (well before the server would release the lock), the
 * lease is lost and the {@link #onLost} action runs once: the leader disconnects from Discord at
 * once, so that two instances never answer at the same time for longer than that.
 *
 * <p>Thread-safe. {@link #awaitLeadership} blocks its caller; the checks run on a thread of their
 * own.
 */
public final class GatewayLease implements AutoCloseable {
  /** How often a standby asks for the lease. */
  public static final Duration POLL = Duration.ofSeconds(1);

  /** How often the leader checks the session that holds the lease. */
  public static final Duration HEARTBEAT = Duration.ofSeconds(1);

  /** The leader steps down when no check has gone through for this long. */
  public static final Duration STEP_DOWN_AFTER = Duration.ofSeconds(5);

  /** PostgreSQL ends a silent lease session (and frees the lock) after this long. */
  public static final Duration SERVER_RELEASES_AFTER = Duration.ofSeconds(15);

  /** The advisory lock's key: "RedisBot" in ASCII. One per database. */
  static final long LOCK_KEY = 0x5265646973426f74L;

  private static final Logger log = LoggerFactory.getLogger(GatewayLease.class);
  private static final Duration WATCH = Duration.ofMillis(250);

  private final Database db;
  private final boolean alwaysHeld;
  private final ScheduledExecutorService checks;
  private final AtomicBoolean lost = new AtomicBoolean();
  private volatile Connection session;
  private volatile boolean held;
  private volatile boolean closed;
  private volatile long lastCheckSentNanos;
  private volatile Runnable onLost = () -> {};
  private volatile boolean unreachableLogged;

  private GatewayLease(Database db, boolean alwaysHeld) {
    this.db = db;
    this.alwaysHeld = alwaysHeld;
    var n = new AtomicInteger();
    this.checks =
        Executors.newScheduledThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "gateway-lease-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** The lease in {@code db}: an advisory lock on PostgreSQL, always held on H2. */
  public static GatewayLease open(Database db) {
    return new GatewayLease(db, !db.isPostgres());
  }

  /** Whether this instance holds the lease now. */
  public boolean held() {
    return held;
  }

  /** "leader" while this instance holds the lease, else "standby": for /healthz and logs. */
  public String role() {
    return held ? "leader" : "standby";
  }

  /**
   * Blocks until this instance holds the lease, asking every {@link #POLL}; logs once that it
   * stands by.
   *
   * @throws InterruptedException when interrupted or {@link #close closed} while waiting
   */
  public void awaitLeadership() throws InterruptedException {
    if (alwaysHeld) {
      held = true;
      return;
    }
    boolean told = false;
    while (!closed) {
      if (tryAcquire()) {
        held = true;
        log.info("this instance holds the gateway lease (leader)");
        checks.scheduleWithFixedDelay(
            this::check, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        checks.scheduleWithFixedDelay(
            this::watch, WATCH.toMillis(), WATCH.toMillis(), TimeUnit.MILLISECONDS);
        return;
      }
      if (!told) {
        told = true;
        log.info(
            "standby: another bot instance holds the Discord gateway; taking over when it stops");
      }
      Thread.sleep(POLL.toMillis());
    }
    throw new InterruptedException("the gateway lease was closed while standing by");
  }

  /**
   * What to do when the lease is lost (disconnect from Discord): runs once, on the lease's thread,
   * or at once when it is lost already.
   */
  public void onLost(Runnable action) {
    this.onLost = action;
    if (lost.get()) {
      action.run();
    }
  }

  /** Whether the lease was held and then lost. */
  public boolean lost() {
    return lost.get();
  }

  private boolean tryAcquire() {
    try {
      if (session == null) {
        session = connect();
      }
      long sent = System.nanoTime();
      try (PreparedStatement ps = session.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
        ps.setLong(1, LOCK_KEY);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getBoolean(1)) {
            lastCheckSentNanos = sent;
            return true;
          }
        }
      }
      unreachableLogged = false;
      return false;
    } catch (SQLException e) {
      if (!unreachableLogged) {
        unreachableLogged = true;
        log.warn("gateway lease: cannot reach the database, standing by: {}", e.getMessage());
      }
      closeQuietly(session);
      session = null;
      return false;
    }
  }

  private Connection connect() throws SQLException {
    var props = new Properties();
    props.setProperty("connectTimeout", "5");
    props.setProperty("socketTimeout", String.valueOf(STEP_DOWN_AFTER.toSeconds()));
    props.setProperty("tcpKeepAlive", "true");
    props.setProperty("ApplicationName", "redis-incident-bot gateway lease");
    Connection c = db.dedicatedConnection(props);
    c.setAutoCommit(true);
    try (Statement st = c.createStatement()) {
      // a leader that goes silent (network cut, frozen process) loses the lock on the server
      st.execute("SET idle_session_timeout = " + SERVER_RELEASES_AFTER.toMillis());
    } catch (SQLException e) {
      log.warn(
          "gateway lease: PostgreSQL did not take idle_session_timeout (before 14?); a leader cut"
              + " off from the network keeps the lease until the server drops its connection: {}",
          e.getMessage());
    }
    return c;
  }

  private void check() {
    if (lost.get()) {
      return;
    }
    long sent = System.nanoTime();
    try (Statement st = session.createStatement()) {
      st.setQueryTimeout((int) STEP_DOWN_AFTER.toSeconds());
      st.execute("SELECT 1");
      lastCheckSentNanos = sent;
    } catch (SQLException | RuntimeException e) {
      lose("the database session that holds it failed: " + e.getMessage());
    }
  }

  private void watch() {
    if (!lost.get() && System.nanoTime() - lastCheckSentNanos > STEP_DOWN_AFTER.toNanos()) {
      lose("no check reached the database for " + STEP_DOWN_AFTER.toSeconds() + " s");
    }
  }

  private void lose(String why) {
    if (closed || !lost.compareAndSet(false, true)) {
      return;
    }
    held = false;
    log.error("lost the gateway lease ({}); stepping down: disconnecting from Discord", why);
    try {
      onLost.run();
    } finally {
      // closing may block on a dead socket: not on the thread that stepped down
      Connection c = session;
      Thread closer = new Thread(() -> closeQuietly(c), "gateway-lease-close");
      closer.setDaemon(true);
      closer.start();
    }
  }

  /** Gives the lease up (ends its session) and stops checking. */
  @Override
  public void close() {
    closed = true;
    held = false;
    checks.shutdownNow();
    closeQuietly(session);
  }

  private static void closeQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException | RuntimeException ignored) {
      // the session ends with its socket
    }
  }
}
