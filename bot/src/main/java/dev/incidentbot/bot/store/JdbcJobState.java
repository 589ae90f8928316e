package dev.incidentbot.bot.store;

import dev.incidentbot.schedule.JobState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * What scheduled jobs remember between runs, in the bot's database (table {@code job_state}).
 * Values not written for {@link #KEPT} are deleted by {@link #forgetOld()}, which the bot runs at
 * start: one-off jobs finish without anyone clearing their state.
 */
public final class JdbcJobState implements JobState {
  /** How long state nobody writes to is kept. */
  public static final Duration KEPT = Duration.ofDays(30);

  private final Database db;
  private final Clock clock;

  public JdbcJobState(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  @Override
  public Optional<String> get(String key, String name) {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT state_value FROM job_state WHERE job_key = ? AND state_name = ?")) {
      ps.setString(1, key);
      ps.setString(2, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw db.failed("read job state " + key + "/" + name, e);
    }
  }

  @Override
  public void put(String key, String name, String value) {
    Timestamp now = Timestamp.from(clock.instant());
    try (Connection c = db.connection()) {
      for (int attempt = 0; ; attempt++) {
        try (PreparedStatement update =
            c.prepareStatement(
                "UPDATE job_state SET state_value = ?, updated_at = ? WHERE job_key = ? AND state_name = ?")) {
          update.setString(1, value);
          update.setTimestamp(2, now);
          update.setString(3, key);
          update.setString(4, name);
          if (update.executeUpdate() > 0) {
            return;
          }
        }
        try (PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO job_state (job_key, state_name, state_value, updated_at) VALUES (?, ?, ?, ?)")) {
          insert.setString(1, key);
          insert.setString(2, name);
          insert.setString(3, value);
          insert.setTimestamp(4, now);
          insert.executeUpdate();
          return;
        } catch (SQLException duplicate) {
          if (attempt > 0) {
            throw duplicate; // another instance inserted it between our update and insert
          }
        }
      }
    } catch (SQLException e) {
      throw db.failed("write job state " + key + "/" + name, e);
    }
  }

  @Override
  public void clear(String key) {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM job_state WHERE job_key = ?")) {
      ps.setString(1, key);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw db.failed("clear job state " + key, e);
    }
  }

  /** Deletes state not written for {@link #KEPT}; returns how many values. */
  public int forgetOld() {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM job_state WHERE updated_at < ?")) {
      ps.setTimestamp(1, Timestamp.from(clock.instant().minus(KEPT)));
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw db.failed("delete old job state", e);
    }
  }
}
