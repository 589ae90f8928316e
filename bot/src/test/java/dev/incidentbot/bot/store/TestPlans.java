package dev.incidentbot.bot.store;

import dev.incidentbot.recovery.Plan;
import dev.incidentbot.recovery.Risk;
import java.util.List;
import java.util.Map;

/** Plans for the store tests: what a confirmation holds, without a Redis behind it. */
final class TestPlans {
  private TestPlans() {}

  /** A medium-risk purge of {@code cache:*} on target {@code main}. */
  static Plan purge() {
    return new Plan(
        "redis purge",
        "main",
        Map.of("pattern", "cache:*"),
        "master",
        "none",
        "RDB ok",
        List.of("SCAN … UNLINK"),
        "3 of 5 keys",
        List.of("cache:1"),
        "frees 1 KiB",
        Risk.MEDIUM,
        "removes data",
        "operator",
        false);
  }
}
