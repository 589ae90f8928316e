package dev.incidentbot.bot.schedule;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/**
 * Gives Quartz's job store connections from the bot's own DataSource, so schedules live in the
 * bot's database. That DataSource is the bot's connection pool (see {@code Database}): Quartz
 * borrows a connection for each bit of trigger bookkeeping and gives it back, so a database outage
 * fails its next attempt in seconds and the pool's fresh connections serve it once the database is
 * back. The pool belongs to the bot's Database; shutting Quartz down leaves it open.
 */
final class DataSourceConnectionProvider implements ConnectionProvider {
  private final DataSource dataSource;

  DataSourceConnectionProvider(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return dataSource.getConnection();
  }

  @Override
  public void shutdown() {
    // the bot's Database owns the DataSource
  }

  @Override
  public void initialize() {
    // nothing to set up
  }
}
