/**
 * Samples of the Redis targets an incident concerns: a compact set of numbers (memory, ops/s, PING
 * latency, clients, evictions, hit ratio, replication lag, queue depths) taken at a steady cadence
 * while an incident is open and for a while after every recovery action, stored in the bot's own
 * database through the {@link dev.incidentbot.sample.SampleStore} port and pruned after a
 * retention. Charts and the post-incident review read them.
 *
 * <p>Sampling is cheap for Redis by design: one INFO and a few PINGs per primary, plus LLEN/ZCARD
 * of the queues configured for the target; never SCAN. One repeating job ({@value
 * dev.incidentbot.sample.SampleJob#TYPE}) does it for every target, so that two bot instances
 * sharing the database (Quartz clustering) never sample twice.
 *
 * <p>Depends on {@code redis}, {@code followup} (the scheduler port) and {@code incident}; nothing
 * in those depends on this package.
 */
package dev.incidentbot.sample;
