package dev.incidentbot.bot.store;

import dev.incidentbot.chat.Ellipsis;
import dev.incidentbot.sample.Sample;
import dev.incidentbot.sample.SampleStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Samples in the bot's database (table {@code redis_samples}, migration V46). */
public final class JdbcSampleStore implements SampleStore {
  private static final String COLUMNS =
      "target, taken_at, memory_percent, used_memory, ops_per_sec, latency_p50_ms,"
          + " latency_p99_ms, clients, blocked_clients, evictions_per_sec, hit_ratio,"
          + " repl_lag_seconds, evicted_keys, keyspace_hits, keyspace_misses, queue_depths,"
          + " problem";

  private final Database db;

  public JdbcSampleStore(Database db) {
    this.db = db;
  }

  @Override
  public void record(Sample s) {
    String sql =
        "INSERT INTO redis_samples ("
            + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, s.target());
      ps.setTimestamp(2, Timestamp.from(s.takenAt()));
      decimal(ps, 3, s.memoryPercent());
      number(ps, 4, s.usedMemory());
      number(ps, 5, s.opsPerSec());
      decimal(ps, 6, s.latencyP50Ms());
      decimal(ps, 7, s.latencyP99Ms());
      number(ps, 8, s.connectedClients());
      number(ps, 9, s.blockedClients());
      decimal(ps, 10, s.evictionsPerSec());
      decimal(ps, 11, s.hitRatio());
      decimal(ps, 12, s.replicationLagSeconds());
      number(ps, 13, s.evictedKeys());
      number(ps, 14, s.keyspaceHits());
      number(ps, 15, s.keyspaceMisses());
      ps.setString(16, Ellipsis.cut(encode(s), 4000));
      ps.setString(17, s.problem() == null ? null : Ellipsis.cut(s.problem(), 500));
      ps.executeUpdate();
    } catch (SQLException e) {
      throw db.failed("record a sample of " + s.target(), e);
    }
  }

  @Override
  public Optional<Sample> latest(String target) {
    String sql =
        "SELECT " + COLUMNS + " FROM redis_samples WHERE target = ? ORDER BY taken_at DESC LIMIT 1";
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, target);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw db.failed("read the latest sample of " + target, e);
    }
  }

  @Override
  public List<Sample> between(Collection<String> targets, Instant from, Instant to) {
    var out = new ArrayList<Sample>();
    if (targets.isEmpty()) {
      return out;
    }
    String marks = targets.stream().map(t -> "?").collect(Collectors.joining(", "));
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM redis_samples WHERE target IN ("
            + marks
            + ") AND taken_at >= ? AND taken_at <= ? ORDER BY taken_at, target";
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      for (String t : targets) {
        ps.setString(i++, t);
      }
      ps.setTimestamp(i++, Timestamp.from(from));
      ps.setTimestamp(i, Timestamp.from(to));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(read(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw db.failed("read samples of " + targets, e);
    }
  }

  @Override
  public int pruneBefore(Instant cutoff) {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM redis_samples WHERE taken_at < ?")) {
      ps.setTimestamp(1, Timestamp.from(cutoff));
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw db.failed("delete old samples", e);
    }
  }

  private static Sample read(ResultSet rs) throws SQLException {
    return new Sample(
        rs.getString(1),
        rs.getTimestamp(2).toInstant(),
        decimal(rs, 3),
        number(rs, 4),
        number(rs, 5),
        decimal(rs, 6),
        decimal(rs, 7),
        number(rs, 8),
        number(rs, 9),
        decimal(rs, 10),
        decimal(rs, 11),
        decimal(rs, 12),
        number(rs, 13),
        number(rs, 14),
        number(rs, 15),
        decode(rs.getString(16)),
        rs.getString(17));
  }

  private static String encode(Sample s) {
    return s.queueDepths().entrySet().stream()
        .map(e -> e.getKey().replace('\n', ' ').replace('=', ' ') + "=" + e.getValue())
        .collect(Collectors.joining("\n"));
  }

  private static TreeMap<String, Long> decode(String text) {
    var out = new TreeMap<String, Long>();
    if (text != null) {
      for (String line : text.split("\n")) {
        int eq = line.lastIndexOf('=');
        if (eq > 0) {
          out.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1)));
        }
      }
    }
    return out;
  }

  private static void decimal(PreparedStatement ps, int i, Double v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.DOUBLE);
    } else {
      ps.setDouble(i, v);
    }
  }

  private static void number(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.BIGINT);
    } else {
      ps.setLong(i, v);
    }
  }

  private static Double decimal(ResultSet rs, int i) throws SQLException {
    double v = rs.getDouble(i);
    return rs.wasNull() ? null : v;
  }

  private static Long number(ResultSet rs, int i) throws SQLException {
    long v = rs.getLong(i);
    return rs.wasNull() ? null : v;
  }
}
