package dev.incidentbot.bot.store;

import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.UserRef;
import dev.incidentbot.incident.Incident;
import dev.incidentbot.incident.IncidentAlreadyOpen;
import dev.incidentbot.incident.IncidentSeverity;
import dev.incidentbot.incident.IncidentStatus;
import dev.incidentbot.incident.IncidentStore;
import dev.incidentbot.incident.NewIncident;
import dev.incidentbot.incident.StatusUpdate;
import dev.incidentbot.timeline.TimelineEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Incidents, their stakeholder updates and timelines in the bot's database. Incident ids are {@code
 * INC-} and the row's identity. Lists (targets, user impact, next steps) are stored one item per
 * line. Plain SQL that H2 and PostgreSQL both run. An exclusive declaration stores its {@link
 * #openKey} in a unique column that resolving clears, so the database itself keeps it unique while
 * open.
 */
public final class JdbcIncidentStore implements IncidentStore {
  private static final Pattern ID = Pattern.compile("(?:INC-)?(\\d{1,18})");
  private static final String COLUMNS =
      "id, title, severity, status, targets, commander_id, commander_name, channel_id,"
          + " thread_id, started_at, declared_at, resolved_at";

  private final Database db;

  public JdbcIncidentStore(Database db) {
    this.db = db;
  }

  @Override
  public Incident declare(NewIncident n) {
    String key = n.exclusive() ? openKey(n.title(), n.targets()) : null;
    try (Connection c = db.connection()) {
      for (int attempt = 0; ; attempt++) {
        try {
          return insert(c, n, key);
        } catch (SQLException e) {
          if (key == null || !"23505".equals(e.getSQLState()) || attempt > 0) {
            throw e;
          }
          Optional<String> open = openWithKey(c, key);
          if (open.isPresent()) {
            throw new IncidentAlreadyOpen(open.get());
          }
          // resolved between the insert and the look-up: its key is free now, try once more
        }
      }
    } catch (SQLException e) {
      throw db.failed("declare an incident", e);
    }
  }

  private Incident insert(Connection c, NewIncident n, String key) throws SQLException {
    String sql =
        "INSERT INTO incidents (title, severity, status, targets, commander_id, commander_name,"
            + " started_at, declared_at, open_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
      ps.setString(1, JdbcAuditLog.cut(n.title(), 200));
      ps.setString(2, n.severity().name());
      ps.setString(3, IncidentStatus.INVESTIGATING.name());
      ps.setString(4, String.join("\n", n.targets()));
      ps.setString(5, JdbcAuditLog.cut(n.commander().id(), 200));
      ps.setString(6, JdbcAuditLog.cut(n.commander().name(), 200));
      ps.setObject(7, time(n.startedAt()));
      ps.setObject(8, time(n.declaredAt()));
      ps.setString(9, key);
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return find(c, keys.getLong(1)).orElseThrow();
      }
    }
  }

  /**
   * The key that keeps a declaration unique while open (V44): a digest of the title (any case,
   * outer spaces ignored) and the set of targets.
   */
  static String openKey(String title, List<String> targets) {
    var sorted = new java.util.TreeSet<String>();
    targets.forEach(t -> sorted.add(t.strip().toLowerCase(Locale.ROOT)));
    String text = title.strip().toLowerCase(Locale.ROOT) + "\n" + String.join("\n", sorted);
    return "sha256:" + Sha256.hex(text);
  }

  private static Optional<String> openWithKey(Connection c, String key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM incidents WHERE open_key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of("INC-" + rs.getLong(1)) : Optional.empty();
      }
    }
  }

  @Override
  public Optional<Incident> find(String id) {
    Optional<Long> number = number(id);
    if (number.isEmpty()) {
      return Optional.empty();
    }
    try (Connection c = db.connection()) {
      return find(c, number.get());
    } catch (SQLException e) {
      throw db.failed("read incident " + id, e);
    }
  }

  @Override
  public List<Incident> open() {
    return query(
        "SELECT " + COLUMNS + " FROM incidents WHERE status <> 'RESOLVED' ORDER BY id", -1);
  }

  @Override
  public List<Incident> recent(int limit) {
    return query(
        "SELECT "
            + COLUMNS
            + " FROM incidents ORDER BY CASE WHEN status = 'RESOLVED' THEN 1 ELSE 0 END, id DESC"
            + " LIMIT ?",
        limit);
  }

  @Override
  public void setThread(String id, Place thread) {
    update(
        "set the thread of " + id,
        "UPDATE incidents SET channel_id = ?, thread_id = ? WHERE id = ?",
        thread.channelId(),
        thread.threadId(),
        require(id));
  }

  @Override
  public void setCommander(String id, UserRef commander) {
    update(
        "set the commander of " + id,
        "UPDATE incidents SET commander_id = ?, commander_name = ? WHERE id = ?",
        JdbcAuditLog.cut(commander.id(), 200),
        JdbcAuditLog.cut(commander.name(), 200),
        require(id));
  }

  @Override
  public void addUpdate(String id, StatusUpdate u) {
    long number = require(id);
    String insert =
        "INSERT INTO incident_updates (incident_id, at, author, status, impact, summary,"
            + " user_impact, next_steps, rendered) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    // a resolved incident frees its title and targets for a new declaration (V44)
    String status =
        u.status() == IncidentStatus.RESOLVED
            ? "UPDATE incidents SET status = ?, resolved_at = ?, open_key = NULL WHERE id = ?"
            : "UPDATE incidents SET status = ?, resolved_at = ? WHERE id = ?";
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(insert);
          PreparedStatement st = c.prepareStatement(status)) {
        ps.setLong(1, number);
        ps.setObject(2, time(u.at()));
        ps.setString(3, JdbcAuditLog.cut(u.author(), 200));
        ps.setString(4, u.status().name());
        ps.setString(5, JdbcAuditLog.cut(u.impact(), 1000));
        ps.setString(6, JdbcAuditLog.cut(u.summary(), 4000));
        ps.setString(7, JdbcAuditLog.cut(String.join("\n", u.userImpact()), 4000));
        ps.setString(8, JdbcAuditLog.cut(String.join("\n", u.nextSteps()), 4000));
        ps.setString(9, JdbcAuditLog.cut(u.rendered(), 16000));
        ps.executeUpdate();
        st.setString(1, u.status().name());
        st.setObject(2, u.status() == IncidentStatus.RESOLVED ? time(u.at()) : null);
        st.setLong(3, number);
        st.executeUpdate();
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw db.failed("store an update of " + id, e);
    }
  }

  @Override
  public void addEvent(String id, TimelineEvent e) {
    String sql =
        "INSERT INTO incident_events (incident_id, at, kind, actor, target, channel_id,"
            + " thread_id, detail, verdict) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    Place place = e.place();
    update(
        "record a timeline event of " + id,
        sql,
        require(id),
        time(e.at()),
        e.kind().name(),
        JdbcAuditLog.cut(e.actor(), 200),
        e.target() == null ? null : JdbcAuditLog.cut(e.target(), 100),
        place == null ? null : place.channelId(),
        place == null ? null : place.threadId(),
        JdbcAuditLog.cut(e.text(), 4000),
        e.verdict() == null ? null : e.verdict().name());
  }

  @Override
  public List<TimelineEvent> events(String id) {
    String sql =
        "SELECT at, kind, actor, target, channel_id, thread_id, detail, verdict"
            + " FROM incident_events WHERE incident_id = ? ORDER BY at, id";
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, require(id));
      var out = new ArrayList<TimelineEvent>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String channel = rs.getString(5);
          String verdict = rs.getString(8);
          out.add(
              LegacyVerdicts.read(
                  new TimelineEvent(
                      instant(rs, 1),
                      TimelineEvent.Kind.valueOf(rs.getString(2)),
                      rs.getString(3),
                      rs.getString(4),
                      channel == null ? null : new Place(channel, rs.getString(6)),
                      rs.getString(7),
                      verdict == null ? null : TimelineEvent.Verdict.valueOf(verdict))));
        }
      }
      return out;
    } catch (SQLException e) {
      throw db.failed("read the timeline of " + id, e);
    }
  }

  private List<Incident> query(String sql, int limit) {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      if (limit >= 0) {
        ps.setInt(1, limit);
      }
      var rows = new ArrayList<Incident>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(incident(rs, List.of()));
        }
      }
      var out = new ArrayList<Incident>();
      for (Incident row : rows) {
        out.add(withUpdates(c, row));
      }
      return out;
    } catch (SQLException e) {
      throw db.failed("list incidents", e);
    }
  }

  private Optional<Incident> find(Connection c, long number) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + COLUMNS + " FROM incidents WHERE id = ?")) {
      ps.setLong(1, number);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(withUpdates(c, incident(rs, List.of())));
      }
    }
  }

  private Incident withUpdates(Connection c, Incident i) throws SQLException {
    String sql =
        "SELECT at, author, status, impact, summary, user_impact, next_steps, rendered"
            + " FROM incident_updates WHERE incident_id = ? ORDER BY id";
    var updates = new ArrayList<StatusUpdate>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, require(i.id()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          updates.add(
              new StatusUpdate(
                  instant(rs, 1),
                  rs.getString(2),
                  IncidentStatus.valueOf(rs.getString(3)),
                  rs.getString(4),
                  rs.getString(5),
                  lines(rs.getString(6)),
                  lines(rs.getString(7)),
                  rs.getString(8)));
        }
      }
    }
    return new Incident(
        i.id(),
        i.title(),
        i.severity(),
        i.status(),
        i.targets(),
        i.commander(),
        i.thread(),
        i.startedAt(),
        i.declaredAt(),
        i.resolvedAt(),
        updates);
  }

  private static Incident incident(ResultSet rs, List<StatusUpdate> updates) throws SQLException {
    String channel = rs.getString("channel_id");
    OffsetDateTime resolved = rs.getObject("resolved_at", OffsetDateTime.class);
    return new Incident(
        "INC-" + rs.getLong("id"),
        rs.getString("title"),
        IncidentSeverity.valueOf(rs.getString("severity")),
        IncidentStatus.valueOf(rs.getString("status")),
        lines(rs.getString("targets")),
        new UserRef(rs.getString("commander_id"), rs.getString("commander_name")),
        channel == null ? null : new Place(channel, rs.getString("thread_id")),
        rs.getObject("started_at", OffsetDateTime.class).toInstant(),
        rs.getObject("declared_at", OffsetDateTime.class).toInstant(),
        resolved == null ? null : resolved.toInstant(),
        updates);
  }

  private void update(String what, String sql, Object... values) {
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        ps.setObject(i + 1, values[i]);
      }
      ps.executeUpdate();
    } catch (SQLException e) {
      throw db.failed(what, e);
    }
  }

  private static Optional<Long> number(String id) {
    Matcher m = ID.matcher(id.strip().toUpperCase(Locale.ROOT));
    return m.matches() ? Optional.of(Long.parseLong(m.group(1))) : Optional.empty();
  }

  private static long require(String id) {
    return number(id).orElseThrow(() -> new IllegalArgumentException("not an incident id: " + id));
  }

  private static List<String> lines(String text) {
    return text == null || text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
  }

  private static OffsetDateTime time(Instant at) {
    return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }
}
