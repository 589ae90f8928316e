package dev.incidentbot.recovery;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How confirmations behave, from the {@code recovery:} section of the configuration.
 *
 * @param confirmationTtl how long a plan can be confirmed (default 5 min)
 * @param highRiskSelfConfirm whether the requester may confirm a high-risk plan alone (default
 *     false: a second person must)
 * @param followUps when follow-up checks run after an action (default +1, +5, +15, +30 min)
 */
public record RecoveryPolicy(
    Duration confirmationTtl, boolean highRiskSelfConfirm, List<Duration> followUps) {

  public static final RecoveryPolicy DEFAULTS =
      new RecoveryPolicy(
          Duration.ofMinutes(5),
          false,
          List.of(
              Duration.ofMinutes(1),
              Duration.ofMinutes(5),
              Duration.ofMinutes(15),
              Duration.ofMinutes(30)));

  public RecoveryPolicy {
    Objects.requireNonNull(confirmationTtl, "confirmationTtl");
    followUps = List.copyOf(followUps);
  }
}
