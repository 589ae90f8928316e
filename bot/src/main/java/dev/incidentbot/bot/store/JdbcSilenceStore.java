package dev.incidentbot.bot.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.incidentbot.alert.silence.LabelMatcher;
import dev.incidentbot.alert.silence.SilenceRecord;
import dev.incidentbot.alert.silence.SilenceStore;
import dev.incidentbot.chat.Place;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Silences, group labels and acknowledgements in the bot's database (V45). Group keys are stored as
 * {@link JdbcAlertGroupStore} stores them, so a thread found there leads here. Thread-safe.
 */
public final class JdbcSilenceStore implements SilenceStore {
  private static final JsonMapper JSON = new JsonMapper();
  private static final TypeReference<TreeMap<String, String>> MAP = new TypeReference<>() {};
  private static final String COLUMNS =
      "id, group_key, group_name, channel_id, thread_id, target, matchers, am_ids, created_by,"
          + " comment, starts_at, ends_at, state";

  private final Database db;

  public JdbcSilenceStore(Database db) {
    this.db = db;
  }

  @Override
  public void rememberLabels(String groupKey, Map<String, String> labels) {
    String key = JdbcAlertGroupStore.storedKey(groupKey);
    String json = json(new TreeMap<>(labels));
    Timestamp now = Timestamp.from(Instant.now());
    try (Connection c = db.connection()) {
      updateOrInsert(c, "alert_group_labels", key, List.of("labels", "updated_at"), json, now);
    } catch (SQLException e) {
      if ("23505".equals(e.getSQLState())) {
        return; // another instance stored it at the same moment: its labels are as new as ours
      }
      throw db.failed("remember the labels of alert group " + groupKey, e);
    }
  }

  @Override
  public Optional<Map<String, String>> labels(String groupKey) {
    return queryOne(
        "SELECT labels FROM alert_group_labels WHERE group_key = ?",
        JdbcAlertGroupStore.storedKey(groupKey),
        rs -> map(rs.getString(1)),
        "read the labels of alert group " + groupKey);
  }

  @Override
  public Map<String, Map<String, String>> allLabels() {
    var all = new LinkedHashMap<String, Map<String, String>>();
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT group_key, labels FROM alert_group_labels ORDER BY updated_at DESC");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next() && all.size() < 10_000) {
        all.put(rs.getString(1), map(rs.getString(2)));
      }
      return all;
    } catch (SQLException e) {
      throw db.failed("read the labels of alert groups", e);
    }
  }

  @Override
  public Optional<String> groupByThread(String threadId) {
    return queryOne(
        "SELECT group_key FROM alert_groups WHERE thread_id = ?",
        threadId,
        rs -> rs.getString(1),
        "find the alert group of thread " + threadId);
  }

  @Override
  public Optional<String> groupByName(String name) {
    return queryOne(
        "SELECT group_key FROM alert_groups WHERE name = ? ORDER BY last_seen DESC",
        name,
        rs -> rs.getString(1),
        "find the alert group named " + name);
  }

  @Override
  public void save(SilenceRecord s) {
    String sql = "INSERT INTO alert_silences (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)";
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, s.id());
      ps.setString(2, JdbcAlertGroupStore.storedKey(s.groupKey()));
      ps.setString(3, cut(s.groupName(), 200));
      ps.setString(4, s.thread().channelId());
      ps.setString(5, s.thread().threadId());
      ps.setString(6, s.target());
      ps.setString(7, LabelMatcher.text(s.matchers()));
      ps.setString(8, json(new TreeMap<>(s.ids())));
      ps.setString(9, cut(s.createdBy(), 200));
      ps.setString(10, cut(s.comment(), 2000));
      ps.setTimestamp(11, Timestamp.from(s.startsAt()));
      ps.setTimestamp(12, Timestamp.from(s.endsAt()));
      ps.setString(13, s.state().name());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw db.failed("record silence " + s.id(), e);
    }
  }

  @Override
  public void update(SilenceRecord s) {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE alert_silences SET am_ids = ?, ends_at = ?, state = ? WHERE id = ?")) {
      ps.setString(1, json(new TreeMap<>(s.ids())));
      ps.setTimestamp(2, Timestamp.from(s.endsAt()));
      ps.setString(3, s.state().name());
      ps.setString(4, s.id());
      ps.executeUpdate();
    } catch (SQLException e) {
      throw db.failed("update silence " + s.id(), e);
    }
  }

  @Override
  public Optional<SilenceRecord> find(String id) {
    return queryOne(
        "SELECT " + COLUMNS + " FROM alert_silences WHERE id = ?",
        id,
        JdbcSilenceStore::record,
        "read silence " + id);
  }

  @Override
  public List<SilenceRecord> activeForGroup(String groupKey, Instant now) {
    return list(
        "SELECT "
            + COLUMNS
            + " FROM alert_silences WHERE group_key = ? AND state = 'ACTIVE' AND ends_at > ?"
            + " ORDER BY ends_at",
        JdbcAlertGroupStore.storedKey(groupKey),
        now);
  }

  @Override
  public List<SilenceRecord> active(Instant now) {
    return list(
        "SELECT "
            + COLUMNS
            + " FROM alert_silences WHERE state = 'ACTIVE' AND ends_at > ? ORDER BY ends_at",
        null,
        now);
  }

  @Override
  public void acknowledge(Ack ack) {
    String key = JdbcAlertGroupStore.storedKey(ack.groupKey());
    try (Connection c = db.connection()) {
      updateOrInsert(
          c,
          "alert_acks",
          key,
          List.of("by_id", "by_name", "acked_at"),
          cut(ack.byId(), 100),
          cut(ack.byName(), 200),
          Timestamp.from(ack.at()));
    } catch (SQLException e) {
      throw db.failed("record that " + ack.byName() + " took alert group " + ack.groupKey(), e);
    }
  }

  @Override
  public Optional<Ack> ack(String groupKey) {
    return queryOne(
        "SELECT by_id, by_name, acked_at FROM alert_acks WHERE group_key = ?",
        JdbcAlertGroupStore.storedKey(groupKey),
        rs -> new Ack(groupKey, rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()),
        "read who took alert group " + groupKey);
  }

  private interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private <T> Optional<T> queryOne(String sql, String param, Row<T> row, String what) {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, param);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(row.read(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw db.failed(what, e);
    }
  }

  private List<SilenceRecord> list(String sql, String key, Instant now) {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      if (key != null) {
        ps.setString(i++, key);
      }
      ps.setTimestamp(i, Timestamp.from(now));
      var list = new ArrayList<SilenceRecord>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          list.add(record(rs));
        }
      }
      return list;
    } catch (SQLException e) {
      throw db.failed("list active silences", e);
    }
  }

  private static SilenceRecord record(ResultSet rs) throws SQLException {
    return new SilenceRecord(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        new Place(rs.getString(4), rs.getString(5)),
        rs.getString(6),
        LabelMatcher.parse(rs.getString(7)),
        map(rs.getString(8)),
        rs.getString(9),
        rs.getString(10),
        rs.getTimestamp(11).toInstant(),
        rs.getTimestamp(12).toInstant(),
        SilenceRecord.State.valueOf(rs.getString(13)));
  }

  private static Map<String, String> map(String json) throws SQLException {
    try {
      return JSON.readValue(json, MAP);
    } catch (JsonProcessingException e) {
      throw new SQLException("unreadable stored labels: " + e.getOriginalMessage(), e);
    }
  }

  private static String json(Map<String, String> map) {
    try {
      return JSON.writeValueAsString(map);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always writes", e);
    }
  }

  /**
   * Sets {@code columns} to {@code values} in the row of {@code table} whose {@code group_key} is
   * {@code key}, inserting the row when there is none. Two instances racing to insert: the second
   * gets SQL state 23505, for the caller to judge.
   */
  private static void updateOrInsert(
      Connection c, String table, String key, List<String> columns, Object... values)
      throws SQLException {
    String sets = String.join(" = ?, ", columns) + " = ?";
    try (PreparedStatement up =
        c.prepareStatement("UPDATE " + table + " SET " + sets + " WHERE group_key = ?")) {
      for (int i = 0; i < values.length; i++) {
        up.setObject(i + 1, values[i]);
      }
      up.setString(values.length + 1, key);
      if (up.executeUpdate() > 0) {
        return;
      }
    }
    String marks = "?" + ", ?".repeat(values.length);
    try (PreparedStatement in =
        c.prepareStatement(
            "INSERT INTO "
                + table
                + " (group_key, "
                + String.join(", ", columns)
                + ") VALUES ("
                + marks
                + ")")) {
      in.setString(1, key);
      for (int i = 0; i < values.length; i++) {
        in.setObject(i + 2, values[i]);
      }
      in.executeUpdate();
    }
  }

  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
