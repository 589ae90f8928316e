/**
 * Job queues kept in Redis, read without changing them: BullMQ v5 queues found by their {@code
 * <prefix>:<queue>:meta} hash, RQ queues from the {@code rq:queues} set with their registries, and
 * the workers that serve them ({@code worker:*} registration keys, RQ worker hashes, BullMQ worker
 * connections). Every key's real TYPE is checked before its size is read, since BullMQ v5 keeps
 * completed and failed jobs in sorted sets where older versions used lists.
 *
 * <p>Discovery SCANs with a large COUNT under a time budget, and inspection stops at a deadline:
 * both say so when the time ran out, so that partial counts are reported rather than none.
 */
package dev.incidentbot.redis.queues;
