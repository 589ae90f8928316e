package dev.incidentbot.bot;

import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.StoreConfig;
import dev.incidentbot.recovery.RecoveryPolicy;
import dev.incidentbot.redis.Target;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Builds the real wiring for tests: given targets, an in-memory H2 database, three users. */
public final class TestWiring {
  private TestWiring() {}

  /** alice and bob are operators, victor only a viewer. */
  public static final List<BotConfig.ConsoleUser> USERS =
      List.of(
          new BotConfig.ConsoleUser("alice", List.of("operator", "viewer")),
          new BotConfig.ConsoleUser("bob", List.of("operator", "viewer")),
          new BotConfig.ConsoleUser("victor", List.of("viewer")));

  public static Wiring start(List<Target> targets, Clock clock) {
    return start(targets, clock, RecoveryPolicy.DEFAULTS);
  }

  public static Wiring start(List<Target> targets, Clock clock, RecoveryPolicy policy) {
    var store =
        new StoreConfig("jdbc:h2:mem:test-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null);
    return new Wiring(new BotConfig("test", targets, USERS, store).withRecovery(policy), clock);
  }
}
