/**
 * Redis glob patterns judged exactly as the server judges them: {@link
 * dev.incidentbot.redis.glob.GlobPattern} compiles a pattern the way {@code stringmatchlen} reads
 * it (escapes, classes, ranges compared as C {@code char}, {@code ^} negation, {@code []} and
 * unterminated classes) into tokens that are each a star or a set of bytes ({@link
 * dev.incidentbot.redis.glob.ByteSet}), so that both matching a key and deciding whether two
 * patterns share a key ({@link dev.incidentbot.redis.glob.GlobOverlap}, with a shortest shared key
 * as evidence) are exact rather than approximations.
 *
 * <p>The bot must never think a pattern means less than the server's SCAN MATCH will delete: tests
 * hold this class to a real {@code redis-server} on thousands of generated patterns and keys.
 * Everything here is immutable or confined to one call, and thread-safe.
 */
package dev.incidentbot.redis.glob;
