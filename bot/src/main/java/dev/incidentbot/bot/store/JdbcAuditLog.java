package dev.incidentbot.bot.store;

import dev.incidentbot.audit.AuditEntry;
import dev.incidentbot.audit.AuditLog;
import dev.incidentbot.chat.Ellipsis;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The audit log in the bot's database. */
public final class JdbcAuditLog implements AuditLog {
  private final Database db;

  public JdbcAuditLog(Database db) {
    this.db = db;
  }

  @Override
  public void record(AuditEntry e) {
    String sql =
        "INSERT INTO audit_log (at, actor_id, actor_name, automated, command, options, outcome,"
            + " detail, targets) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setTimestamp(1, Timestamp.from(e.at()));
      ps.setString(2, cut(e.actorId(), 200));
      ps.setString(3, cut(e.actorName(), 200));
      ps.setBoolean(4, e.automated());
      ps.setString(5, cut(e.command(), 100));
      ps.setString(6, cut(e.options(), 2000));
      ps.setString(7, e.outcome().name());
      ps.setString(8, cut(e.detail(), 2000));
      ps.setString(9, targets(e.targets()));
      ps.executeUpdate();
    } catch (SQLException ex) {
      throw db.failed("record /" + e.command() + " in the audit log", ex);
    }
  }

  @Override
  public List<AuditEntry> between(Instant from, Instant to) {
    String sql =
        "SELECT at, actor_id, actor_name, automated, command, options, outcome, detail, targets"
            + " FROM audit_log WHERE at >= ? AND at < ? ORDER BY at, id LIMIT ?";
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setTimestamp(1, Timestamp.from(from));
      ps.setTimestamp(2, Timestamp.from(to));
      ps.setInt(3, BETWEEN_LIMIT);
      return read(ps);
    } catch (SQLException ex) {
      throw db.failed("read the audit log", ex);
    }
  }

  @Override
  public List<AuditEntry> recent(int limit) {
    String sql =
        "SELECT at, actor_id, actor_name, automated, command, options, outcome, detail, targets"
            + " FROM audit_log ORDER BY id DESC LIMIT ?";
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setInt(1, limit);
      return read(ps);
    } catch (SQLException ex) {
      throw db.failed("read the audit log", ex);
    }
  }

  private static List<AuditEntry> read(PreparedStatement ps) throws SQLException {
    var out = new ArrayList<AuditEntry>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            new AuditEntry(
                rs.getTimestamp(1).toInstant(),
                rs.getString(2),
                rs.getString(3),
                rs.getBoolean(4),
                rs.getString(5),
                rs.getString(6),
                AuditEntry.Outcome.valueOf(rs.getString(7)),
                rs.getString(8),
                targets(rs.getString(9))));
      }
    }
    return out;
  }

  /** Comma-separated; names that would not fit whole are left out rather than cut. */
  private static String targets(List<String> names) {
    var sb = new StringBuilder();
    for (String name : names) {
      if (sb.length() + name.length() + 1 > 2000) {
        break;
      }
      sb.append(sb.length() == 0 ? "" : ",").append(name);
    }
    return sb.toString();
  }

  private static List<String> targets(String column) {
    return column == null || column.isBlank() ? List.of() : List.of(column.split(","));
  }

  static String cut(String s, int max) {
    return Ellipsis.cut(s, max);
  }
}
