package dev.incidentbot.bot.store;

import dev.incidentbot.bot.config.StoreConfig;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The bot's database: opened from {@link StoreConfig}, migrated by Flyway on start (SQL migrations
 * in {@code db/migration}, plus {@link QuartzTablesMigration}). Hands out plain JDBC connections;
 * callers close them. An embedded H2 database is held open by one idle connection until {@link
 * #close}, so that each statement does not reopen the file.
 */
public final class Database implements AutoCloseable {
  private final DataSource dataSource;
  private final String url;
  private final Connection keepOpen;

  private Database(DataSource dataSource, String url, Connection keepOpen) {
    this.dataSource = dataSource;
    this.url = url;
    this.keepOpen = keepOpen;
  }

  /** Opens the database and brings its schema up to date. */
  public static Database open(StoreConfig config) {
    DataSource ds = new DriverManagerDataSource(config.url(), config.user(), config.password());
    Connection keepOpen = null;
    try {
      if (config.url().startsWith("jdbc:h2:")) {
        keepOpen = ds.getConnection();
      }
      flyway(ds, new QuartzTablesMigration()).load().migrate();
    } catch (SQLException | RuntimeException e) {
      closeQuietly(keepOpen);
      throw new DatabaseUnavailableException(config.url(), e);
    }
    return new Database(ds, config.url(), keepOpen);
  }

  /** The bot's migrations on {@code ds}, with {@code quartz} creating Quartz's tables. */
  static FluentConfiguration flyway(DataSource ds, QuartzTablesMigration quartz) {
    return Flyway.configure()
        .dataSource(ds)
        .locations("classpath:db/migration")
        .javaMigrations(quartz)
        .loggers("slf4j");
  }

  /** Lets an embedded database close; connections handed out before stay usable until closed. */
  @Override
  public void close() {
    closeQuietly(keepOpen);
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // closing is best effort
      }
    }
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public Connection connection() throws SQLException {
    return dataSource.getConnection();
  }

  public boolean isPostgres() {
    return url.startsWith("jdbc:postgresql:");
  }

  /**
   * Whether only this process can use the database: an embedded H2 file without {@code AUTO_SERVER}
   * (H2 locks the file). Not for an in-memory database, which several bots in one process (tests)
   * may share.
   */
  public boolean singleProcess() {
    String u = url.toLowerCase(java.util.Locale.ROOT);
    return u.startsWith("jdbc:h2:")
        && !u.startsWith("jdbc:h2:mem:")
        && !u.startsWith("jdbc:h2:tcp:")
        && !u.startsWith("jdbc:h2:ssl:")
        && !u.contains("auto_server=true");
  }

  /** Whether the database answers, for /healthz. */
  public boolean reachable() {
    try (Connection c = connection()) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  /** A DataSource over DriverManager: the bot's load is a few statements a second. */
  private record DriverManagerDataSource(String url, String user, String password)
      implements DataSource {

    @Override
    public Connection getConnection() throws SQLException {
      return user == null
          ? DriverManager.getConnection(url)
          : DriverManager.getConnection(url, user, password);
    }

    @Override
    public Connection getConnection(String username, String pass) throws SQLException {
      return DriverManager.getConnection(url, username, pass);
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {
      DriverManager.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() {
      return DriverManager.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }

    @Override
    public String toString() {
      return "DataSource[" + url + "]";
    }
  }
}
