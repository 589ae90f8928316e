/**
 * Talking to the Redis servers the bot watches: configured {@link dev.incidentbot.redis.Target}s,
 * single-node connections with timeouts ({@link dev.incidentbot.redis.RedisNodes}), Redis errors
 * turned into sentences ({@link dev.incidentbot.redis.RedisProblem}), the nodes a target's commands
 * run on ({@link dev.incidentbot.redis.NodeResolver}: the standalone node, the master Sentinel
 * names, every cluster primary), and the health check with the runbooks' thresholds and decision
 * tree, run on every primary of a cluster and merged ({@link dev.incidentbot.redis.ClusterHealth}).
 *
 * <p>Every call here has a timeout: the bot must keep answering while the server it reports on
 * hangs.
 */
package dev.incidentbot.redis;
