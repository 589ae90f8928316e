/**
 * The Redis client layer: talking to the Redis servers the bot watches. Configured {@link
 * dev.incidentbot.redis.Target}s (with their {@link dev.incidentbot.redis.Thresholds}), single-node
 * connections with timeouts ({@link dev.incidentbot.redis.RedisNodes}, {@link
 * dev.incidentbot.redis.Session}), Redis errors turned into sentences ({@link
 * dev.incidentbot.redis.RedisProblem}), the nodes a target's commands run on ({@link
 * dev.incidentbot.redis.NodeResolver}: the standalone node, the master Sentinel names, every
 * cluster primary), one call on each of them ({@link dev.incidentbot.redis.NodeCalls}), and the
 * parsed replies every feature reads ({@link dev.incidentbot.redis.InfoSnapshot}, {@link
 * dev.incidentbot.redis.Resp}).
 *
 * <p>No feature lives here: the health check is {@code redis.health}, the diagnostics {@code
 * redis.diagnostics}, queues {@code redis.queues}, big keys {@code redis.bigkeys}; they all depend
 * on this package and it on none of them.
 *
 * <p>Every call here has a timeout: the bot must keep answering while the server it reports on
 * hangs.
 */
package dev.incidentbot.redis;
