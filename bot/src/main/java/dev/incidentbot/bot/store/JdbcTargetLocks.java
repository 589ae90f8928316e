package dev.incidentbot.bot.store;

import dev.incidentbot.recovery.TargetLocks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Per-target locks as rows keyed by the lock: taking one is an INSERT that the primary key lets
 * only one instance win; a lapsed lease is deleted first so a crashed holder does not block
 * forever.
 */
public final class JdbcTargetLocks implements TargetLocks {
  private final Database db;
  private final Clock clock;

  public JdbcTargetLocks(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  @Override
  public boolean acquire(String key, String holder, Duration lease) {
    Instant now = clock.instant();
    try (Connection c = db.connection()) {
      try (PreparedStatement lapsed =
          c.prepareStatement("DELETE FROM target_locks WHERE lock_key = ? AND expires_at <= ?")) {
        lapsed.setString(1, key);
        lapsed.setTimestamp(2, Timestamp.from(now));
        lapsed.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO target_locks (lock_key, holder, acquired_at, expires_at)"
                  + " VALUES (?, ?, ?, ?)")) {
        ps.setString(1, key);
        ps.setString(2, holder);
        ps.setTimestamp(3, Timestamp.from(now));
        ps.setTimestamp(4, Timestamp.from(now.plus(lease)));
        ps.executeUpdate();
        return true;
      } catch (SQLException e) {
        if (isDuplicateKey(e)) {
          return false;
        }
        throw e;
      }
    } catch (SQLException e) {
      throw db.failed("lock " + key, e);
    }
  }

  @Override
  public boolean renew(String key, String holder, Duration lease) {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE target_locks SET expires_at = ? WHERE lock_key = ? AND holder = ?")) {
      ps.setTimestamp(1, Timestamp.from(clock.instant().plus(lease)));
      ps.setString(2, key);
      ps.setString(3, holder);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw db.failed("renew the lock on " + key, e);
    }
  }

  @Override
  public void release(String key, String holder) {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement("DELETE FROM target_locks WHERE lock_key = ? AND holder = ?")) {
      ps.setString(1, key);
      ps.setString(2, holder);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw db.failed("release the lock on " + key, e);
    }
  }

  @Override
  public Optional<String> holder(String key) {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT holder FROM target_locks WHERE lock_key = ? AND expires_at > ?")) {
      ps.setString(1, key);
      ps.setTimestamp(2, Timestamp.from(clock.instant()));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw db.failed("read the lock on " + key, e);
    }
  }

  /** SQLState class 23 (integrity constraint violation): H2 23505, PostgreSQL 23505. */
  private static boolean isDuplicateKey(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith("23");
  }
}
