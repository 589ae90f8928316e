/**
 * Scheduled work on standby instances, posted by the leader: the transactional outbox between bot
 * instances sharing one PostgreSQL database (issue 15, "every instance runs its share of scheduled
 * work").
 *
 * <p>Every instance runs the Quartz cluster, so a follow-up, watch, reminder or routine check runs
 * on whichever instance takes it first; only the leader holds the Discord gateway (see {@link
 * dev.incidentbot.bot.leader}), and JDA has no client without one. A standby's jobs therefore post
 * through a {@link dev.incidentbot.bot.relay.RelayedOutbox}: it writes the request to {@code
 * relayed_posts} and waits for the answer, and the leader's {@link
 * dev.incidentbot.bot.relay.OutboxRelay} makes the post with the chat adapter and writes the answer
 * back (the message id the job records, the thread it opened). The job does its Redis work where it
 * runs and reads the answer as if it had posted itself.
 *
 * <p>Faults: a request is keyed, so a job that repeats a post after a crash (its own or its
 * standby's) gets the first post's answer; a new leader takes over what the old one had claimed and
 * posts it with the same Discord nonce, so a post the old leader made just before dying is not made
 * twice; a standby that waited {@link dev.incidentbot.bot.relay.RelayedOutbox#WAIT} for a leader
 * withdraws its request (unless a leader is posting it) and its job fails as it would when Discord
 * cannot be reached.
 */
package dev.incidentbot.bot.relay;
