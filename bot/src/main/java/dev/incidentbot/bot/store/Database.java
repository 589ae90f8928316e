package dev.incidentbot.bot.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.incidentbot.bot.config.StoreConfig;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bot's database: opened from {@link StoreConfig}, migrated by Flyway on start (SQL migrations
 * in {@code db/migration}, plus {@link QuartzTablesMigration}). Hands out JDBC connections from one
 * HikariCP pool ({@value #POOL_SIZE} connections, {@link #CONNECT_TIMEOUT} to get one, so an outage
 * fails a statement in seconds instead of hanging it); callers close them. Quartz's job store
 * borrows from the same pool: it holds a connection only for its short trigger bookkeeping, never
 * while a job runs, so it cannot starve the stores or wait on them, and one pool is one connection
 * budget per instance on PostgreSQL and one place that notices an outage and recovers from it (the
 * pool drops broken connections and keeps trying to open new ones through an outage, with a
 * back-off of at most 5 s: a statement in the first seconds after the server is back may still
 * fail, later ones work without a restart).
 *
 * <p>The pool is at most {@value #POOL_SIZE} connections, {@value #MIN_IDLE} kept idle; the bot's
 * load is a few statements a second, bursts of alerts a few hundred. Sizes are constants rather
 * than settings: nothing so far needs another value.
 *
 * <p>An embedded H2 database is held open by the pool's idle connections. Its file URL gets {@code
 * WRITE_DELAY=0} unless it sets one: H2 otherwise commits into memory and writes the file later on
 * a background thread, so with a full disk a statement "succeeds", nothing reaches the file, and
 * the loss shows only at shutdown. With it, each commit is written before the statement returns,
 * and a failed write fails the statement. The file is opened through H2's {@code retry:} file
 * system so that a thread interrupted while committing does not close the database (see {@link
 * #effectiveUrl}).
 *
 * <p>Health: {@link #problem()} is what {@code /healthz} reports. It makes a real write (one row of
 * {@code job_state}, key {@value #PROBE_KEY}, updated in a transaction) at most once a second, and
 * at once after any store reported a failure through {@link #failed}, because {@code SELECT 1} on a
 * database that can read but not write says "up" while every write is lost. A write failure that
 * says H2 closed its store (it does after some I/O errors) evicts every pooled connection so that
 * the next ones reopen the file.
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);

  /** Connections in the pool; Quartz uses at most its threads plus two of them. */
  static final int POOL_SIZE = 10;

  /** Connections kept open when idle: the bot mostly makes a few statements a second. */
  static final int MIN_IDLE = 2;

  /** How long a statement waits for a connection before failing. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

  /** The {@code job_state} row the health probe rewrites. */
  static final String PROBE_KEY = "bot:healthz";

  private static final String PROBE_NAME = "write-probe";
  private static final Duration PROBE_EVERY = Duration.ofSeconds(1);

  private final StoreConfig config;
  private final HikariDataSource pool;
  private final String file;
  private final Object probeLock = new Object();
  private volatile Probe lastProbe;
  private volatile Instant lastFailureAt = Instant.EPOCH;

  /** A write probe's answer: empty when the write went through. */
  private record Probe(Instant at, Optional<String> problem) {}

  private Database(StoreConfig config, HikariDataSource pool) {
    this.config = config;
    this.pool = pool;
    this.file = h2File(config.url());
  }

  /**
   * Opens the database and brings its schema up to date.
   *
   * @throws DatabaseUnavailableException naming the URL without its password
   */
  public static Database open(StoreConfig config) {
    HikariDataSource pool = null;
    // the first connection is made here, outside the pool: it fails with the driver's own reason
    // (locked file, refused connection) however long opening takes, and it holds an embedded
    // database open while the pool fills and Flyway migrates
    try (Connection first = first(config)) {
      pool = new HikariDataSource(poolConfig(config));
      flyway(pool, new QuartzTablesMigration()).load().migrate();
    } catch (SQLException | RuntimeException e) {
      if (pool != null) {
        pool.close();
      }
      throw new DatabaseUnavailableException(config, e);
    }
    return new Database(config, pool);
  }

  private static Connection first(StoreConfig config) throws SQLException {
    String url = effectiveUrl(config.url());
    return config.user() == null
        ? DriverManager.getConnection(url)
        : DriverManager.getConnection(url, config.user(), config.password());
  }

  static HikariConfig poolConfig(StoreConfig config) {
    var h = new HikariConfig();
    h.setPoolName("bot-db");
    h.setJdbcUrl(effectiveUrl(config.url()));
    if (config.user() != null) {
      h.setUsername(config.user());
    }
    if (config.password() != null) {
      h.setPassword(config.password());
    }
    h.setMaximumPoolSize(POOL_SIZE);
    h.setMinimumIdle(MIN_IDLE);
    h.setConnectionTimeout(CONNECT_TIMEOUT.toMillis());
    h.setValidationTimeout(Math.min(2_000, CONNECT_TIMEOUT.toMillis() - 250));
    // open() makes the first connection and reports a failure in one line; Hikari's own
    // start-up check would log it with its stack trace first
    h.setInitializationFailTimeout(-1);
    h.setKeepaliveTime(Duration.ofSeconds(60).toMillis());
    return h;
  }

  /**
   * {@code url}, for an H2 file database: with {@code WRITE_DELAY=0} unless it sets one, and read
   * through H2's {@code retry:} file system. Writing at commit means writing on the caller's
   * thread, and an interrupted thread (a stopped command, Quartz shutting down) would close a plain
   * file channel, after which H2 closes the whole database; {@code retry:} reopens the channel and
   * writes again, and still fails on a real I/O error such as a full disk.
   */
  static String effectiveUrl(String url) {
    String name = h2Name(url);
    if (name == null) {
      return url;
    }
    String out = url;
    if (name.startsWith("file:") || !name.matches("^[a-zA-Z]{2,}:.*")) {
      out = "jdbc:h2:retry:" + url.substring("jdbc:h2:".length());
    }
    if (!url.toUpperCase(Locale.ROOT).contains("WRITE_DELAY")) {
      out = out + ";WRITE_DELAY=0";
    }
    return out;
  }

  /**
   * The database name of an embedded H2 file URL ({@code file:./data/bot}, {@code ./data/bot},
   * {@code retry:…}), or null for other databases and in-memory or remote H2.
   */
  private static String h2Name(String url) {
    if (!url.startsWith("jdbc:h2:")) {
      return null;
    }
    String rest = url.substring("jdbc:h2:".length());
    int semi = rest.indexOf(';');
    String name = semi < 0 ? rest : rest.substring(0, semi);
    if (name.isEmpty()
        || name.startsWith("mem:")
        || name.startsWith("tcp:")
        || name.startsWith("ssl:")
        || name.startsWith("zip:")) {
      return null;
    }
    return name;
  }

  /** The data file of an embedded H2 URL ({@code <path>.mv.db}), or null for other databases. */
  static String h2File(String url) {
    String name = h2Name(url);
    if (name == null) {
      return null;
    }
    for (String prefix : new String[] {"retry:", "async:", "nio:", "file:"}) {
      if (name.startsWith(prefix)) {
        name = name.substring(prefix.length());
      }
    }
    return name.isEmpty() ? null : name + ".mv.db";
  }

  /** The bot's migrations on {@code ds}, with {@code quartz} creating Quartz's tables. */
  static FluentConfiguration flyway(DataSource ds, QuartzTablesMigration quartz) {
    return Flyway.configure()
        .dataSource(ds)
        .locations("classpath:db/migration")
        .javaMigrations(quartz)
        .loggers("slf4j");
  }

  /** Closes the pool; an embedded database closes with its last connection. */
  @Override
  public void close() {
    pool.close();
  }

  /** The pool, for Quartz and migrations. */
  public DataSource dataSource() {
    return pool;
  }

  /**
   * A connection of its own, outside the pool, with driver properties {@code extra} (timeouts): for
   * a session that must live as long as it holds something, such as the gateway lease's advisory
   * lock. The caller closes it.
   */
  public Connection dedicatedConnection(java.util.Properties extra) throws SQLException {
    var props = new java.util.Properties();
    props.putAll(extra);
    if (config.user() != null) {
      props.setProperty("user", config.user());
    }
    if (config.password() != null) {
      props.setProperty("password", config.password());
    }
    return DriverManager.getConnection(effectiveUrl(config.url()), props);
  }

  /** A pooled connection; close it to give it back. */
  public Connection connection() throws SQLException {
    return pool.getConnection();
  }

  public boolean isPostgres() {
    return config.url().startsWith("jdbc:postgresql:");
  }

  /**
   * Whether only this process can use the database: an embedded H2 file without {@code AUTO_SERVER}
   * (H2 locks the file). Not for an in-memory database, which several bots in one process (tests)
   * may share.
   */
  public boolean singleProcess() {
    String u = config.url().toLowerCase(java.util.Locale.ROOT);
    return u.startsWith("jdbc:h2:")
        && !u.startsWith("jdbc:h2:mem:")
        && !u.startsWith("jdbc:h2:tcp:")
        && !u.startsWith("jdbc:h2:ssl:")
        && !u.contains("auto_server=true");
  }

  /** Whether the database takes writes now, for /healthz; {@link #problem()} says why not. */
  public boolean reachable() {
    return problem().isEmpty();
  }

  /**
   * Why the database cannot take writes now ("No space left on device writing data/bot.mv.db",
   * "Connection to 127.0.0.1:5432 refused"), or empty when a write just went through. Answers
   * within about {@link #CONNECT_TIMEOUT} plus two seconds; never shows a password.
   */
  public Optional<String> problem() {
    Probe last = lastProbe;
    Instant now = Instant.now();
    if (last != null
        && last.at().isAfter(lastFailureAt)
        && Duration.between(last.at(), now).compareTo(PROBE_EVERY) < 0) {
      return last.problem();
    }
    synchronized (probeLock) {
      last = lastProbe;
      if (last != null && last.at().isAfter(now)) {
        return last.problem(); // another thread probed while this one waited
      }
      Probe probe = new Probe(Instant.now(), writeProbe());
      lastProbe = probe;
      return probe.problem();
    }
  }

  private Optional<String> writeProbe() {
    Timestamp now = Timestamp.from(Instant.now());
    try (Connection c = connection()) {
      c.setAutoCommit(false);
      try {
        int updated;
        try (PreparedStatement ps =
            c.prepareStatement(
                "UPDATE job_state SET state_value = ?, updated_at = ?"
                    + " WHERE job_key = ? AND state_name = ?")) {
          ps.setQueryTimeout(2);
          ps.setString(1, now.toInstant().toString());
          ps.setTimestamp(2, now);
          ps.setString(3, PROBE_KEY);
          ps.setString(4, PROBE_NAME);
          updated = ps.executeUpdate();
        }
        if (updated == 0) {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO job_state (job_key, state_name, state_value, updated_at)"
                      + " VALUES (?, ?, ?, ?)")) {
            ps.setQueryTimeout(2);
            ps.setString(1, PROBE_KEY);
            ps.setString(2, PROBE_NAME);
            ps.setString(3, now.toInstant().toString());
            ps.setTimestamp(4, now);
            ps.executeUpdate();
          }
        }
        c.commit();
        return Optional.empty();
      } catch (SQLException e) {
        rollbackQuietly(c);
        if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
          return Optional.empty(); // another instance inserted the row first: writes work
        }
        throw e;
      }
    } catch (SQLException | RuntimeException e) {
      String reason = located(reason(e, file));
      log.warn("database write probe failed: {}", reason);
      recoverIfClosed(e);
      return Optional.of(reason);
    }
  }

  /**
   * Records that a store's statement failed and returns the exception the store throws: /healthz
   * probes again at once, and chat says "Could not {@code what}: the bot's database failed
   * (reason)."
   *
   * @param what what could not be done, for the sentence: "declare an incident"
   */
  public StoreException failed(String what, Exception cause) {
    lastFailureAt = Instant.now();
    String reason = located(reason(cause, file));
    log.warn("database failure, could not {}: {}", what, reason);
    recoverIfClosed(cause);
    return new StoreException(what, reason, cause);
  }

  /**
   * After H2 gave up on its file (it closes the store after some write errors, and every later
   * statement fails with "database is closed"), drops the pooled connections so that new ones
   * reopen the file once the cause is gone. PostgreSQL needs nothing: the pool replaces broken
   * connections itself.
   */
  private void recoverIfClosed(Throwable e) {
    if (file == null || !saysClosed(e)) {
      return;
    }
    log.warn("H2 closed {}; reopening it through fresh connections", file);
    pool.getHikariPoolMXBean().softEvictConnections();
  }

  private static boolean saysClosed(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException s
          && (s.getErrorCode() == 90098
              || s.getErrorCode() == 90121
              || s.getErrorCode() == 90067)) {
        return true;
      }
      String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (m.contains("store is closed") || m.contains("database is already closed")) {
        return true;
      }
    }
    return false;
  }

  /**
   * One line on why {@code e} happened, for /healthz and chat: an I/O error with its file when
   * there is one ("No space left on device writing data/bot.mv.db"), else the first sentence of the
   * innermost message, with URL passwords redacted.
   *
   * @param file the H2 data file, or null
   */
  /**
   * {@code reason} with the server it is about when the driver did not say ("terminating connection
   * due to administrator command" names no host): "… (PostgreSQL at 10.0.0.5:5432)". Never the
   * URL's user or password.
   */
  private String located(String reason) {
    if (!isPostgres()) {
      return reason;
    }
    var m =
        java.util.regex.Pattern.compile("^jdbc:postgresql://(?:[^@/]*@)?([^/?]+)")
            .matcher(config.url());
    if (!m.find() || reason.contains(m.group(1))) {
      return reason;
    }
    return reason + " (PostgreSQL at " + m.group(1) + ")";
  }

  static String reason(Throwable e, String file) {
    Throwable innermost = e;
    Throwable deepestSql = null;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      innermost = t;
      if (t instanceof SQLException) {
        deepestSql = t;
      }
      if (file != null && t instanceof IOException && t.getMessage() != null) {
        return firstLine(t.getMessage()) + (file == null ? "" : " writing " + file);
      }
      String m = String.valueOf(t.getMessage());
      if (m.contains("No space left on device")) {
        return "No space left on device" + (file == null ? "" : " writing " + file);
      }
    }
    Throwable shown = file == null && deepestSql != null ? deepestSql : innermost;
    String text = shown.getMessage() == null ? shown.toString() : shown.getMessage();
    text = firstLine(text);
    int sentence = text.indexOf(". ");
    if (sentence > 0) {
      text = text.substring(0, sentence);
    }
    return StoreConfig.redactUrl(text);
  }

  private static String firstLine(String text) {
    int nl = text.indexOf('\n');
    return (nl < 0 ? text : text.substring(0, nl)).strip();
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is going back to the pool, which checks it
    }
  }
}
