/**
 * Talking to the Redis servers the bot watches: configured {@link dev.incidentbot.redis.Target}s,
 * single-node connections with timeouts ({@link dev.incidentbot.redis.RedisNodes}), Redis errors
 * turned into sentences ({@link dev.incidentbot.redis.RedisProblem}), and the health check with the
 * runbooks' thresholds and decision tree.
 *
 * <p>Every call here has a timeout: the bot must keep answering while the server it reports on
 * hangs.
 */
package dev.incidentbot.redis;
