package dev.incidentbot.redis.glob;

/**
 * Whether two globs share a key: what {@link GlobPattern#overlap} found. Records of a closed set.
 */
public sealed interface GlobOverlap {

  /** No non-empty key matches both (proved by searching every pair of positions). */
  record Disjoint() implements GlobOverlap {}

  /**
   * Some key matches both; {@code key} is a shortest one, made of readable bytes where possible.
   */
  record Common(byte[] key) implements GlobOverlap {
    /** The key for a person, as {@link GlobPattern#show} writes it. */
    public String shown() {
      return GlobPattern.show(key);
    }
  }

  /** The search could not finish (too many position pairs); nothing is proved either way. */
  record Undecided(String reason) implements GlobOverlap {}
}
