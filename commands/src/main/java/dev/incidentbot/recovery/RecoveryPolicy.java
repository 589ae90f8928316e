package dev.incidentbot.recovery;

import java.time.Duration;
import java.util.Objects;

/**
 * How confirmations behave, from the {@code recovery:} section of the configuration. (When the
 * checks after an action run is the follow-ups' setting, {@code followUps.afterAction}.)
 *
 * @param confirmationTtl how long a plan can be confirmed (default 5 min)
 * @param highRiskSelfConfirm whether the requester may confirm a high-risk plan alone (default
 *     false: a second person must)
 */
public record RecoveryPolicy(Duration confirmationTtl, boolean highRiskSelfConfirm) {

  public static final RecoveryPolicy DEFAULTS = new RecoveryPolicy(Duration.ofMinutes(5), false);

  public RecoveryPolicy {
    Objects.requireNonNull(confirmationTtl, "confirmationTtl");
  }
}
