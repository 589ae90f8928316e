package dev.incidentbot.bot.store;

import dev.incidentbot.alert.AlertGroup;
import dev.incidentbot.alert.AlertGroupStore;
import dev.incidentbot.alert.AlertStatus;
import dev.incidentbot.chat.Place;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Alert groups in the bot's database. Claims rely on primary keys, so two bot instances sharing the
 * database never open two threads for one group. Deliveries are {@link JdbcAlertInbox}'s.
 */
public final class JdbcAlertGroupStore implements AlertGroupStore {
  private static final int MAX_KEY = 500;

  private final Database db;

  public JdbcAlertGroupStore(Database db) {
    this.db = db;
  }

  @Override
  public Optional<AlertGroup> find(String key) {
    String sql =
        "SELECT group_key, name, channel_id, thread_id, message_id, targets, notifications,"
            + " status, state, first_seen, last_seen, last_triage, incident_id,"
            + " update_message_id, update_posted_at"
            + " FROM alert_groups WHERE group_key = ?";
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, storedKey(key));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        String channel = rs.getString(3);
        Place thread = channel == null ? null : new Place(channel, rs.getString(4));
        String updateId = rs.getString(14);
        AlertGroup.LatestUpdate latest =
            updateId == null
                ? null
                : new AlertGroup.LatestUpdate(updateId, rs.getTimestamp(15).toInstant());
        return Optional.of(
            new AlertGroup(
                key,
                rs.getString(2),
                thread,
                rs.getString(5),
                split(rs.getString(6)),
                rs.getInt(7),
                AlertStatus.valueOf(rs.getString(8)),
                rs.getString(9),
                rs.getTimestamp(10).toInstant(),
                rs.getTimestamp(11).toInstant(),
                instant(rs.getTimestamp(12)),
                rs.getString(13),
                latest));
      }
    } catch (SQLException e) {
      throw db.failed("read alert group " + key, e);
    }
  }

  @Override
  public boolean create(AlertGroup g) {
    String sql =
        "INSERT INTO alert_groups (name, channel_id, thread_id, message_id, targets,"
            + " notifications, status, state, first_seen, last_seen, last_triage, incident_id,"
            + " update_message_id, update_posted_at, group_key)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, g);
      ps.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (isDuplicate(e)) {
        return false;
      }
      throw db.failed("store alert group " + g.key(), e);
    }
  }

  @Override
  public void update(AlertGroup g) {
    String sql =
        "UPDATE alert_groups SET name = ?, channel_id = ?, thread_id = ?, message_id = ?,"
            + " targets = ?, notifications = ?, status = ?, state = ?, first_seen = ?,"
            + " last_seen = ?, last_triage = ?, incident_id = ?, update_message_id = ?,"
            + " update_posted_at = ? WHERE group_key = ?";
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, g);
      if (ps.executeUpdate() != 1) {
        // not a database failure: the row is gone (purged), so /healthz is not told
        throw new StoreException("update alert group " + g.key(), new SQLException("no such row"));
      }
    } catch (SQLException e) {
      throw db.failed("update alert group " + g.key(), e);
    }
  }

  private static void bind(PreparedStatement ps, AlertGroup g) throws SQLException {
    ps.setString(1, JdbcAuditLog.cut(g.name(), 200));
    ps.setString(2, g.thread() == null ? null : g.thread().channelId());
    ps.setString(3, g.thread() == null ? null : g.thread().threadId());
    ps.setString(4, g.messageId());
    ps.setString(5, JdbcAuditLog.cut(String.join(",", g.targets()), 2000));
    ps.setInt(6, g.notifications());
    ps.setString(7, g.status().name());
    ps.setString(8, g.state());
    ps.setTimestamp(9, Timestamp.from(g.firstSeen()));
    ps.setTimestamp(10, Timestamp.from(g.lastSeen()));
    if (g.lastTriage() == null) {
      ps.setNull(11, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setTimestamp(11, Timestamp.from(g.lastTriage()));
    }
    ps.setString(12, g.incidentId());
    AlertGroup.LatestUpdate latest = g.latestUpdate();
    ps.setString(13, latest == null ? null : latest.messageId());
    if (latest == null) {
      ps.setNull(14, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setTimestamp(14, Timestamp.from(latest.postedAt()));
    }
    ps.setString(15, storedKey(g.key()));
  }

  static String storedKey(String key) {
    return key.length() <= MAX_KEY ? key : "sha256:" + sha256(key);
  }

  private static boolean isDuplicate(SQLException e) {
    // 23505: unique violation, in H2 and PostgreSQL alike
    return "23505".equals(e.getSQLState());
  }

  private static List<String> split(String targets) {
    return targets.isEmpty() ? List.of() : Arrays.asList(targets.split(","));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  private static String sha256(String text) {
    return Sha256.hex(text);
  }
}
