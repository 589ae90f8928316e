/**
 * The health check: {@link dev.incidentbot.redis.health.HealthCheck} samples a target over a short
 * window ({@link dev.incidentbot.redis.health.WindowSampler}), applies the runbooks' thresholds and
 * decision tree ({@link dev.incidentbot.redis.health.HealthEvaluator}, {@link
 * dev.incidentbot.redis.health.Causes}), runs on every primary of a cluster and merges ({@link
 * dev.incidentbot.redis.health.ClusterHealth}), and returns a {@link
 * dev.incidentbot.redis.health.HealthReport} of {@link dev.incidentbot.redis.health.Finding}s and
 * the likely {@link dev.incidentbot.redis.health.Scenario}. {@code /redis health} ({@link
 * dev.incidentbot.redis.health.HealthCommand}) renders it with {@link
 * dev.incidentbot.redis.health.HealthReplies}; alerts, follow-ups and recovery plans read the same
 * report.
 *
 * <p>Uses the client layer ({@code dev.incidentbot.redis}) and never the other way round. Other
 * features add findings through {@link dev.incidentbot.redis.health.ExtraFindings} (queue depth).
 */
package dev.incidentbot.redis.health;
