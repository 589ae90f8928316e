package dev.incidentbot.bot.relay;

import dev.incidentbot.bot.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code relayed_posts} table: requests standbys write and the leader claims, performs and
 * answers. Claims are conditional updates (no row locks held while Discord answers), so any number
 * of instances may call any method at once; each request is claimed by one leader at a time.
 *
 * <p>Thread-safe; every method is one short transaction and throws {@link
 * dev.incidentbot.bot.store.StoreException} when the database fails.
 */
final class RelayQueue {
  /** A request a leader has claimed: its id and JSON. */
  record Claimed(long id, String request) {}

  /** How a request ended: the result's JSON, or the sentence saying why it failed. */
  record Outcome(String result, String error) {}

  private final Database db;
  private final String instance;
  private final Clock clock;

  RelayQueue(Database db, String instance, Clock clock) {
    this.db = db;
    this.instance = instance;
    this.clock = clock;
  }

  /**
   * Stores a request and answers its id. A request with the key of an earlier one answers that
   * one's id (its answer is the answer), unless the earlier one failed: then it is asked again.
   */
  long submit(String key, String request) {
    try (Connection c = db.connection()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO relayed_posts (post_key, request, requested_by, requested_at)"
                  + " VALUES (?, ?, ?, ?)",
              Statement.RETURN_GENERATED_KEYS)) {
        ps.setString(1, key);
        ps.setString(2, request);
        ps.setString(3, instance);
        ps.setTimestamp(4, Timestamp.from(clock.instant()));
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
          keys.next();
          return keys.getLong(1);
        }
      } catch (SQLException e) {
        if (!"23505".equals(e.getSQLState())) { // unique violation, in H2 and PostgreSQL alike
          throw e;
        }
      }
      return askAgain(c, key, request);
    } catch (SQLException e) {
      throw db.failed("store a post for the leader", e);
    }
  }

  /** The id of the request keyed {@code key}, asked again when it had failed. */
  private long askAgain(Connection c, String key, String request) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE relayed_posts SET request = ?, requested_by = ?, requested_at = ?,"
                + " claimed_by = NULL, claimed_at = NULL, done_at = NULL, error = NULL"
                + " WHERE post_key = ? AND error IS NOT NULL")) {
      ps.setString(1, request);
      ps.setString(2, instance);
      ps.setTimestamp(3, Timestamp.from(clock.instant()));
      ps.setString(4, key);
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement("SELECT id FROM relayed_posts WHERE post_key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("the post keyed " + key + " was deleted meanwhile");
        }
        return rs.getLong(1);
      }
    }
  }

  /** How request {@code id} ended; empty while it waits or is being done. */
  Optional<Outcome> outcome(long id) {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT result, error FROM relayed_posts WHERE id = ? AND done_at IS NOT NULL")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new Outcome(rs.getString(1), rs.getString(2)))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw db.failed("read the leader's answer", e);
    }
  }

  /** Deletes request {@code id} unless a leader has claimed or done it; true when deleted. */
  boolean withdraw(long id) {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "DELETE FROM relayed_posts WHERE id = ? AND claimed_by IS NULL AND done_at IS NULL")) {
      ps.setLong(1, id);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw db.failed("withdraw a post from the leader", e);
    }
  }

  /**
   * Claims up to {@code max} waiting requests, oldest first: unclaimed ones and those whose claim
   * is older than {@code lease}.
   */
  List<Claimed> claim(int max, Duration lease) {
    Instant now = clock.instant();
    var claimed = new ArrayList<Claimed>();
    try (Connection c = db.connection()) {
      for (Claimed candidate : waiting(c, max, now.minus(lease))) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "UPDATE relayed_posts SET claimed_by = ?, claimed_at = ? WHERE id = ?"
                    + " AND done_at IS NULL AND (claimed_by IS NULL OR claimed_at < ?)")) {
          ps.setString(1, instance);
          ps.setTimestamp(2, Timestamp.from(now));
          ps.setLong(3, candidate.id());
          ps.setTimestamp(4, Timestamp.from(now.minus(lease)));
          if (ps.executeUpdate() == 1) {
            claimed.add(candidate);
          }
        }
      }
      return claimed;
    } catch (SQLException e) {
      throw db.failed("claim posts for standbys", e);
    }
  }

  private static List<Claimed> waiting(Connection c, int max, Instant lapsedBefore)
      throws SQLException {
    var rows = new ArrayList<Claimed>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, request FROM relayed_posts WHERE done_at IS NULL"
                + " AND (claimed_by IS NULL OR claimed_at < ?) ORDER BY id")) {
      ps.setTimestamp(1, Timestamp.from(lapsedBefore));
      ps.setMaxRows(max);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new Claimed(rs.getLong(1), rs.getString(2)));
        }
      }
    }
    return rows;
  }

  /** Answers request {@code id}: {@code result} (JSON) or {@code error} (a sentence). */
  void finish(long id, String result, String error) {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE relayed_posts SET done_at = ?, result = ?, error = ? WHERE id = ?")) {
      ps.setTimestamp(1, Timestamp.from(clock.instant()));
      ps.setString(2, result);
      ps.setString(3, error == null ? null : error.substring(0, Math.min(error.length(), 2000)));
      ps.setLong(4, id);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw db.failed("record a post made for a standby", e);
    }
  }

  /**
   * Frees what other instances claimed and did not finish: called by a new leader, the only
   * instance that posts, so the old leader is gone or stepping down.
   *
   * @return how many requests were freed
   */
  int takeOver() {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE relayed_posts SET claimed_by = NULL, claimed_at = NULL"
                    + " WHERE done_at IS NULL AND claimed_by IS NOT NULL AND claimed_by <> ?")) {
      ps.setString(1, instance);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw db.failed("take over posts another leader claimed", e);
    }
  }

  /** Deletes requests answered more than {@code age} ago. */
  int purge(Duration age) {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM relayed_posts WHERE done_at < ?")) {
      ps.setTimestamp(1, Timestamp.from(clock.instant().minus(age)));
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw db.failed("delete old relayed posts", e);
    }
  }
}
