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
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Confirmations in the bot's database. The plan is stored as JSON; state changes are single
 * conditional UPDATEs whose row count says who won, so concurrent presses and bot instances on one
 * database agree. Expiry is judged by the injected clock.
 *
 * <p>A confirmed plan is stamped with the instance that runs it ({@code runner}); {@link
 * #interrupted} finds those whose runner's heartbeat in {@code bot_instances} stopped (see {@link
 * BotInstance}).
 */
public final class JdbcConfirmationStore implements ConfirmationStore {
  private static final JsonMapper JSON = new JsonMapper();
  private static final String COLUMNS =
      "id, plan_json, requester_id, requester_name, channel_id, thread_id, created_at,"
          + " expires_at, state, decided_by_name, decided_at, succeeded, outcome";

  private final Database db;
  private final Clock clock;
  private final String runner;
  private final Supplier<Optional<Instant>> goneBefore;
  private final SecureRandom random = new SecureRandom();

  /** A store that runs plans as an instance of its own and never judges another one gone. */
  public JdbcConfirmationStore(Database db, Clock clock) {
    this(db, clock, UUID.randomUUID().toString(), Optional::empty);
  }

  /** The store of {@code instance}: the plans it confirms are stamped with its id. */
  public JdbcConfirmationStore(Database db, Clock clock, BotInstance instance) {
    this(db, clock, instance.id(), instance::goneBefore);
  }

  /**
   * @param runner the id of this bot instance, stamped on the plans it confirms
   * @param goneBefore heartbeats older than this belong to instances that are gone; empty while
   *     that cannot be judged
   */
  JdbcConfirmationStore(
      Database db, Clock clock, String runner, Supplier<Optional<Instant>> goneBefore) {
    this.db = db;
    this.clock = clock;
    this.runner = runner;
    this.goneBefore = goneBefore;
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
            + " decided_at = ?, runner = ? WHERE id = ? AND state = 'pending' AND expires_at > ?",
        "confirm plan " + id,
        ps -> {
          ps.setString(1, JdbcAuditLog.cut(confirmer.id(), 200));
          ps.setString(2, JdbcAuditLog.cut(confirmer.name(), 200));
          ps.setTimestamp(3, Timestamp.from(now));
          ps.setString(4, runner);
          ps.setString(5, id);
          ps.setTimestamp(6, Timestamp.from(now));
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

  /**
   * Whose runner is gone: {@code runner} has no heartbeat since {@code goneBefore}. A plan without
   * a runner (confirmed before runners were recorded) counts as gone when it was confirmed an hour
   * before that.
   */
  private static final String RUNNER_GONE =
      " state = 'confirmed' AND ((runner IS NULL AND decided_at < ?)"
          + " OR (runner <> ? AND NOT EXISTS (SELECT 1 FROM bot_instances i"
          + " WHERE i.id = confirmations.runner AND i.heartbeat_at >= ?)))";

  private static final Duration NO_RUNNER_GRACE = Duration.ofHours(1);

  @Override
  public List<Confirmation> interrupted() {
    Optional<Instant> before = goneBefore.get();
    if (before.isEmpty()) {
      return List.of();
    }
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM confirmations WHERE"
                    + RUNNER_GONE
                    + " ORDER BY decided_at, id")) {
      bindGone(ps, 1, before.get());
      var out = new ArrayList<Confirmation>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(read(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("look for plans left running", e);
    }
  }

  @Override
  public boolean claimInterrupted(String id) {
    Optional<Instant> before = goneBefore.get();
    if (before.isEmpty()) {
      return false;
    }
    return update(
        "UPDATE confirmations SET runner = ? WHERE id = ? AND" + RUNNER_GONE,
        "take over interrupted plan " + id,
        ps -> {
          ps.setString(1, runner);
          ps.setString(2, id);
          bindGone(ps, 3, before.get());
        });
  }

  private void bindGone(PreparedStatement ps, int first, Instant before) throws SQLException {
    ps.setTimestamp(first, Timestamp.from(before.minus(NO_RUNNER_GRACE)));
    ps.setString(first + 1, runner);
    ps.setTimestamp(first + 2, Timestamp.from(before));
  }

  @Override
  public void finishInterrupted(String id, String headline) {
    update(
        "UPDATE confirmations SET state = 'done', succeeded = NULL, outcome = ?, finished_at = ?"
            + " WHERE id = ? AND state = 'confirmed' AND runner = ?",
        "record that plan " + id + " was interrupted",
        ps -> {
          ps.setString(1, JdbcAuditLog.cut(headline, 2000));
          ps.setTimestamp(2, Timestamp.from(clock.instant()));
          ps.setString(3, id);
          ps.setString(4, runner);
        });
  }

  @Override
  public boolean requestStop(String id, Actor by) {
    return update(
        "UPDATE confirmations SET stop_requested = TRUE,"
            + " stop_requested_by = COALESCE(stop_requested_by, ?)"
            + " WHERE id = ? AND state = 'confirmed'",
        "stop plan " + id,
        ps -> {
          ps.setString(1, JdbcAuditLog.cut(by.name(), 200));
          ps.setString(2, id);
        });
  }

  @Override
  public Optional<String> stopRequestedBy(String id) {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT stop_requested, stop_requested_by FROM confirmations WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next() || !rs.getBoolean(1)) {
          return Optional.empty();
        }
        String by = rs.getString(2);
        return Optional.of(by == null || by.isBlank() ? "someone" : by);
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
