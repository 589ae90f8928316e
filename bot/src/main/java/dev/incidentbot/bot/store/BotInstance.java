package dev.incidentbot.bot.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This bot process as one of the instances sharing the database: a row in {@code bot_instances}
 * with a heartbeat written every {@link #BEAT_EVERY} by a thread of its own, whatever the actions
 * are doing. The plans an instance confirms are stamped with its id; a plan whose instance stopped
 * beating was interrupted by a crash.
 *
 * <p>An instance is judged gone only by one whose own heartbeats have reached the database for
 * {@link #STALE_AFTER} in a row: after a database outage every live instance's heartbeat is old
 * until it writes the next, and none of them must be taken for dead. An embedded H2 database (a
 * file no other process can open) has one instance at a time, so every other runner is gone at
 * once.
 */
public final class BotInstance implements AutoCloseable {
  /** How often the heartbeat is written. */
  public static final Duration BEAT_EVERY = Duration.ofSeconds(5);

  /** A heartbeat this old means its instance is gone. */
  public static final Duration STALE_AFTER = Duration.ofSeconds(30);

  private static final Logger log = LoggerFactory.getLogger(BotInstance.class);

  private final String id;
  private final Database db;
  private final Clock clock;
  private final boolean alone;
  private final ScheduledExecutorService beats;
  private volatile Instant reachableSince;
  private volatile boolean failing;

  private BotInstance(Database db, Clock clock) {
    this.id = UUID.randomUUID().toString();
    this.db = db;
    this.clock = clock;
    this.alone = db.singleProcess();
    this.beats =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "heartbeat");
              t.setDaemon(true);
              return t;
            });
  }

  /** Registers this instance (one heartbeat now) and starts beating. */
  public static BotInstance start(Database db, Clock clock) {
    var instance = new BotInstance(db, clock);
    instance.beat();
    instance.beats.scheduleWithFixedDelay(
        instance::beat, BEAT_EVERY.toMillis(), BEAT_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    return instance;
  }

  /** This instance's id, stamped on the plans it runs. */
  public String id() {
    return id;
  }

  /**
   * Heartbeats written before this instant belong to instances that are gone; empty while this
   * instance cannot judge (its own heartbeats have not reached the database for long enough).
   */
  public Optional<Instant> goneBefore() {
    Instant now = clock.instant();
    if (alone) {
      return Optional.of(now.plus(Duration.ofDays(36500)));
    }
    Instant since = reachableSince;
    if (since == null || since.plus(STALE_AFTER).isAfter(now)) {
      return Optional.empty();
    }
    return Optional.of(now.minus(STALE_AFTER));
  }

  /** Writes the heartbeat; a failure is logged once until the database answers again. */
  void beat() {
    Instant now = clock.instant();
    try (Connection c = db.connection()) {
      int updated;
      try (PreparedStatement ps =
          c.prepareStatement("UPDATE bot_instances SET heartbeat_at = ? WHERE id = ?")) {
        ps.setTimestamp(1, Timestamp.from(now));
        ps.setString(2, id);
        updated = ps.executeUpdate();
      }
      if (updated == 0) {
        try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO bot_instances (id, started_at, heartbeat_at) VALUES (?, ?, ?)")) {
          ps.setString(1, id);
          ps.setTimestamp(2, Timestamp.from(now));
          ps.setTimestamp(3, Timestamp.from(now));
          ps.executeUpdate();
        }
      }
      if (reachableSince == null) {
        reachableSince = now;
      }
      if (failing) {
        failing = false;
        log.info("instance {}: heartbeat written again", id);
      }
    } catch (SQLException | RuntimeException e) {
      reachableSince = null;
      if (!failing) {
        failing = true;
        log.warn("instance {}: could not write its heartbeat: {}", id, e.getMessage());
      }
    }
  }

  /** Stops beating and removes this instance's row: it runs nothing any more. */
  @Override
  public void close() {
    beats.shutdownNow();
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM bot_instances WHERE id = ?")) {
      ps.setString(1, id);
      ps.executeUpdate();
    } catch (SQLException | RuntimeException e) {
      log.warn("instance {}: could not remove its heartbeat: {}", id, e.getMessage());
    }
  }
}
