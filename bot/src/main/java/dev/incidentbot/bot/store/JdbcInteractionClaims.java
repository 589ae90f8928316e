package dev.incidentbot.bot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which bot instance answers each Discord interaction ({@code handled_interactions}, V44). Discord
 * sends an interaction to every gateway session of the bot; the instance whose insert of its id
 * goes through answers it, the others leave it alone. One gateway leader makes two sessions rare (a
 * leader that lost the database and is stepping down, a JDA session Discord has not closed yet),
 * and this makes them harmless.
 *
 * <p>Rows older than {@link #KEPT} are pruned now and then: Discord gives up on an interaction
 * after 15 minutes. Thread-safe; one short statement per claim, never on JDA's event thread.
 */
public final class JdbcInteractionClaims {
  /** How long a claimed interaction id is remembered. */
  public static final Duration KEPT = Duration.ofHours(1);

  private static final Logger log = LoggerFactory.getLogger(JdbcInteractionClaims.class);
  private static final int PRUNE_EVERY = 200;

  private final Database db;
  private final String instance;
  private final Clock clock;
  private final AtomicLong claims = new AtomicLong();

  /**
   * @param instance this bot instance's id, recorded with each interaction it answers
   */
  public JdbcInteractionClaims(Database db, String instance, Clock clock) {
    this.db = db;
    this.instance = instance;
    this.clock = clock;
  }

  /**
   * Claims interaction {@code id} for this instance: true when it is this instance's to answer,
   * false when another instance (or session) claimed it first. When the database cannot say, the
   * interaction is answered (true): better twice than never.
   */
  public boolean claim(String id) {
    Instant now = clock.instant();
    try (Connection c = db.connection()) {
      if (claims.incrementAndGet() % PRUNE_EVERY == 0) {
        try (PreparedStatement ps =
            c.prepareStatement("DELETE FROM handled_interactions WHERE handled_at < ?")) {
          ps.setTimestamp(1, Timestamp.from(now.minus(KEPT)));
          ps.executeUpdate();
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO handled_interactions (interaction_id, instance, handled_at)"
                  + " VALUES (?, ?, ?)")) {
        ps.setString(1, id);
        ps.setString(2, instance);
        ps.setTimestamp(3, Timestamp.from(now));
        ps.executeUpdate();
        return true;
      }
    } catch (SQLException e) {
      if ("23505".equals(e.getSQLState())) {
        return false;
      }
      log.warn(
          "could not record interaction {} as handled here; answering it anyway: {}",
          id,
          Database.reason(e, null));
      return true;
    }
  }
}
