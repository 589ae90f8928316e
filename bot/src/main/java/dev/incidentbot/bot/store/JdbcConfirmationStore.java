package dev.incidentbot.bot.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.incidentbot.chat.Actor;
import dev.incidentbot.chat.Place;
import dev.incidentbot.recovery.Confirmation;
import dev.incidentbot.recovery.ConfirmationStore;
import dev.incidentbot.recovery.Outcome;
import dev.incidentbot.recovery.Plan;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Confirmations in the bot's database. The plan is stored as JSON; state changes are single
 * conditional UPDATEs whose row count says who won, so concurrent presses and bot instances on one
 * database agree. Expiry is judged by the injected clock.
 */
public final class JdbcConfirmationStore implements ConfirmationStore {
  private static final JsonMapper JSON = new JsonMapper();
  private static final String COLUMNS =
      "id, plan_json, requester_id, requester_name, channel_id, thread_id, created_at,"
          + " expires_at, state, decided_by_name, decided_at, succeeded, outcome";

  private final Database db;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public JdbcConfirmationStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  @Override
  public Confirmation create(Plan plan, Actor requester, Place place, Duration ttl) {
    byte[] bytes = new byte[12];
    random.nextBytes(bytes);
    String id = HexFormat.of().formatHex(bytes);
    Instant now = clock.instant();
    String sql =
        "INSERT INTO confirmations (id, action, target, plan_json, requester_id, requester_name,"
            + " channel_id, thread_id, created_at, expires_at, state)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')";
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, id);
      ps.setString(2, plan.action());
      ps.setString(3, plan.target());
      ps.setString(4, JSON.writeValueAsString(plan));
      ps.setString(5, JdbcAuditLog.cut(requester.id(), 200));
      ps.setString(6, JdbcAuditLog.cut(requester.name(), 200));
      ps.setString(7, place.channelId());
      ps.setString(8, place.threadId());
      ps.setTimestamp(9, Timestamp.from(now));
      ps.setTimestamp(10, Timestamp.from(now.plus(ttl)));
      ps.executeUpdate();
    } catch (SQLException | JsonProcessingException e) {
      throw db.failed("store the plan for /" + plan.action(), e);
    }
    return find(id).orElseThrow();
  }

  @Override
  public Optional<Confirmation> find(String id) {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + COLUMNS + " FROM confirmations WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw db.failed("look up plan " + id, e);
    }
  }

  @Override
  public boolean consume(String id, Actor confirmer) {
    Instant now = clock.instant();
    return update(
        "UPDATE confirmations SET state = 'confirmed', decided_by_id = ?, decided_by_name = ?,"
            + " decided_at = ? WHERE id = ? AND state = 'pending' AND expires_at > ?",
        "confirm plan " + id,
        ps -> {
          ps.setString(1, JdbcAuditLog.cut(confirmer.id(), 200));
          ps.setString(2, JdbcAuditLog.cut(confirmer.name(), 200));
          ps.setTimestamp(3, Timestamp.from(now));
          ps.setString(4, id);
          ps.setTimestamp(5, Timestamp.from(now));
        });
  }

  @Override
  public boolean cancel(String id, Actor canceller) {
    Instant now = clock.instant();
    return update(
        "UPDATE confirmations SET state = 'cancelled', decided_by_id = ?, decided_by_name = ?,"
            + " decided_at = ? WHERE id = ? AND state = 'pending' AND expires_at > ?",
        "cancel plan " + id,
        ps -> {
          ps.setString(1, JdbcAuditLog.cut(canceller.id(), 200));
          ps.setString(2, JdbcAuditLog.cut(canceller.name(), 200));
          ps.setTimestamp(3, Timestamp.from(now));
          ps.setString(4, id);
          ps.setTimestamp(5, Timestamp.from(now));
        });
  }

  @Override
  public void finish(String id, Outcome outcome) {
    update(
        "UPDATE confirmations SET state = 'done', succeeded = ?, outcome = ?, finished_at = ?"
            + " WHERE id = ? AND state = 'confirmed'",
        "record the outcome of plan " + id,
        ps -> {
          ps.setBoolean(1, outcome.succeeded());
          ps.setString(2, JdbcAuditLog.cut(outcome.headline(), 2000));
          ps.setTimestamp(3, Timestamp.from(clock.instant()));
          ps.setString(4, id);
        });
  }

  @Override
  public boolean requestStop(String id) {
    return update(
        "UPDATE confirmations SET stop_requested = TRUE WHERE id = ? AND state = 'confirmed'",
        "stop plan " + id,
        ps -> ps.setString(1, id));
  }

  @Override
  public boolean stopRequested(String id) {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement("SELECT stop_requested FROM confirmations WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    } catch (SQLException e) {
      throw db.failed("check whether plan " + id + " should stop", e);
    }
  }

  @Override
  public List<Confirmation> recent(int limit) {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM confirmations ORDER BY created_at DESC, id DESC LIMIT ?")) {
      ps.setInt(1, limit);
      var out = new ArrayList<Confirmation>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(read(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw db.failed("read recent plans", e);
    }
  }

  private Confirmation read(ResultSet rs) throws SQLException {
    Plan plan;
    try {
      plan = JSON.readValue(rs.getString("plan_json"), Plan.class);
    } catch (JsonProcessingException e) {
      throw new SQLException("plan " + rs.getString("id") + " is not readable", e);
    }
    Instant expiresAt = rs.getTimestamp("expires_at").toInstant();
    var state = Confirmation.State.valueOf(rs.getString("state").toUpperCase(Locale.ROOT));
    if (state == Confirmation.State.PENDING && !clock.instant().isBefore(expiresAt)) {
      state = Confirmation.State.EXPIRED;
    }
    Timestamp decidedAt = rs.getTimestamp("decided_at");
    boolean succeeded = rs.getBoolean("succeeded");
    Boolean succeededOrNull = rs.wasNull() ? null : succeeded;
    String thread = rs.getString("thread_id");
    Place place = new Place(rs.getString("channel_id"), thread);
    return new Confirmation(
        rs.getString("id"),
        plan,
        rs.getString("requester_id"),
        rs.getString("requester_name"),
        place,
        rs.getTimestamp("created_at").toInstant(),
        expiresAt,
        state,
        rs.getString("decided_by_name"),
        decidedAt == null ? null : decidedAt.toInstant(),
        succeededOrNull,
        rs.getString("outcome"));
  }

  private boolean update(String sql, String what, Binder binder) {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw db.failed(what, e);
    }
  }

  /** Sets a statement's parameters. */
  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }
}
