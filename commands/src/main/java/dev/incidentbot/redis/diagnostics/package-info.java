/**
 * The read-only diagnostic commands of the runbooks: {@code /redis info}, {@code memory}, {@code
 * latency}, {@code slowlog}, {@code clients}, {@code config}, {@code topology} and {@code targets}.
 * Each runs on every node a target's commands go to (standalone node, Sentinel's master, every
 * cluster primary) through {@link dev.incidentbot.redis.NodeCalls}, so a hung server never holds a
 * reply past its timeout, and each line from a multi-node target says which node it came from.
 *
 * <p>Nothing here writes to Redis, and nothing here shows a secret.
 */
package dev.incidentbot.redis.diagnostics;
