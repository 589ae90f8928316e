package dev.incidentbot.bot.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.incidentbot.chat.Action;
import dev.incidentbot.chat.ComponentStore;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/** Button actions in the bot's database under random ids, until they expire. */
public final class JdbcComponentStore implements ComponentStore {
  private static final JsonMapper JSON = new JsonMapper();
  private static final TypeReference<Map<String, String>> OPTIONS = new TypeReference<>() {};

  private final Database db;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public JdbcComponentStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  @Override
  public String save(Action action, Duration lifespan) {
    byte[] bytes = new byte[12];
    random.nextBytes(bytes);
    String id = HexFormat.of().formatHex(bytes);
    Instant now = clock.instant();
    try (Connection c = db.connection()) {
      try (PreparedStatement purge =
          c.prepareStatement("DELETE FROM components WHERE expires_at < ?")) {
        purge.setTimestamp(1, Timestamp.from(now));
        purge.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO components (id, command, options, expires_at) VALUES (?, ?, ?, ?)")) {
        ps.setString(1, id);
        ps.setString(2, action.command());
        ps.setString(3, JSON.writeValueAsString(action.options()));
        ps.setTimestamp(4, Timestamp.from(now.plus(lifespan)));
        ps.executeUpdate();
      }
      return id;
    } catch (SQLException | JsonProcessingException e) {
      throw db.failed("store a button for /" + action.command(), e);
    }
  }

  @Override
  public Optional<Action> find(String id) {
    try (Connection c = db.connection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT command, options FROM components WHERE id = ? AND expires_at >= ?")) {
      ps.setString(1, id);
      ps.setTimestamp(2, Timestamp.from(clock.instant()));
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new Action(rs.getString(1), JSON.readValue(rs.getString(2), OPTIONS)));
      }
    } catch (SQLException | JsonProcessingException e) {
      throw db.failed("look up a button", e);
    }
  }
}
