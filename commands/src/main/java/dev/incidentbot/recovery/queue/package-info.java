/**
 * Queue recovery actions on BullMQ v5 and RQ, keeping each library's own bookkeeping: {@code /redis
 * trim} removes finished jobs with their hashes and sub-keys as the library's own clean does,
 * {@code /redis requeue} puts stalled or failed jobs back where workers take them (for BullMQ with
 * the queue's marker, so idle workers wake at once). Each batch is one MULTI/EXEC under WATCH, so a
 * job is never half moved and a concurrent change makes the batch retry instead of duplicating a
 * job. No Lua. Key layouts follow {@code redis.queues}. On a cluster both run on the primary
 * serving the queue's slot ({@code QueueNode}); BullMQ needs a hash-tagged prefix there, RQ is
 * refused.
 */
package dev.incidentbot.recovery.queue;
