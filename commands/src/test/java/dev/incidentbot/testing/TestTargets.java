package dev.incidentbot.testing;

import dev.incidentbot.redis.Mode;
import dev.incidentbot.redis.RedisEndpoint;
import dev.incidentbot.redis.Target;
import dev.incidentbot.redis.Thresholds;
import java.time.Duration;
import java.util.List;

/** Targets the tests point at their servers: the same shape wherever a test needs one. */
public final class TestTargets {
  private TestTargets() {}

  /**
   * A Sentinel target {@code orders} watching master {@code orders} through {@code sentinel}, with
   * a 1 s timeout and the default thresholds.
   */
  public static Target sentinel(RedisServer sentinel) {
    String at = "127.0.0.1:" + sentinel.port();
    return new Target(
        "orders",
        Mode.SENTINEL,
        RedisEndpoint.parse("redis://" + at),
        "orders",
        List.of(at),
        List.of(),
        Duration.ofSeconds(1),
        Thresholds.DEFAULTS,
        Target.DEFAULT_PROTECTED,
        List.of());
  }
}
