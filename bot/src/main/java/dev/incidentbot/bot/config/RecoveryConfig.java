package dev.incidentbot.bot.config;

import java.time.Duration;

/**
 * {@code recovery:} as written in the YAML file: how confirmations behave. Every key is optional;
 * {@link ConfigValidator} fills in the defaults of {@link dev.incidentbot.recovery.RecoveryPolicy}.
 *
 * @param confirmationTtl how long a plan can be confirmed, like 5m
 * @param highRiskSelfConfirm whether a requester may confirm their own high-risk plan
 */
public record RecoveryConfig(Duration confirmationTtl, Boolean highRiskSelfConfirm) {}
