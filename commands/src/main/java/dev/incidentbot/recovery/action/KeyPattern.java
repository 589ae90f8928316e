package dev.incidentbot.recovery.action;

import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.redis.glob.GlobOverlap;
import dev.incidentbot.redis.glob.GlobPattern;
import dev.incidentbot.redis.glob.GlobQuirk;

/**
 * A key pattern in Redis glob syntax ({@code *}, {@code ?}, {@code [abc]}, {@code [^a-z]}, {@code
 * \x}), read exactly as the server's SCAN MATCH reads it ({@link GlobPattern}), and checked before
 * any purge: too-broad patterns are refused, and so are constructs Redis accepts but that read
 * differently from what they look like (an unterminated class, {@code []}, {@code [^]}, a trailing
 * {@code \}, a range Redis builds disagree on), with what Redis would do. Overlap with a protected
 * pattern is decided exactly, with a key both match as evidence. Immutable and thread-safe.
 */
public final class KeyPattern {
  /**
   * Patterns must start with this many literal bytes, so {@code *} or {@code c*} fail. A literal is
   * a plain or escaped character ({@code \*}) or a class that admits exactly one byte ({@code
   * [c]}): {@code [c]ache:*} matches just what {@code cache:*} does, so counting it cannot let a
   * broad pattern pass. The count is of UTF-8 bytes; for ASCII, characters.
   */
  static final int MIN_LITERAL_PREFIX = 2;

  static final int MAX_LENGTH = 256;

  private final GlobPattern glob;

  private KeyPattern(GlobPattern glob) {
    this.glob = glob;
  }

  /**
   * Parses a pattern typed by a person for a purge.
   *
   * @throws UserFacingException when it is too broad, or reads differently in Redis from what it
   *     looks like
   */
  public static KeyPattern forPurge(String text) {
    String p = text == null ? "" : text.strip();
    if (p.isEmpty()) {
      throw new UserFacingException("pattern: is empty; give one like cache:*");
    }
    if (p.chars().allMatch(c -> c == '*' || c == '?')) {
      throw new UserFacingException(
          "pattern:" + p + " matches every key; purge takes a narrower pattern like cache:*");
    }
    if (p.length() > MAX_LENGTH) {
      throw new UserFacingException("pattern: is longer than " + MAX_LENGTH + " characters.");
    }
    if (p.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      throw new UserFacingException(
          "pattern:" + p + " contains spaces or control characters; key patterns cannot.");
    }
    KeyPattern pattern = parse(p);
    if (!pattern.glob.quirks().isEmpty()) {
      GlobQuirk quirk = pattern.glob.quirks().get(0);
      throw new UserFacingException(
          "pattern:" + p + " is refused as written: " + quirk.explanation() + ".");
    }
    if (!pattern.glob.exact()) {
      // unreachable within MAX_LENGTH; kept so that no longer limit can let it through unjudged
      throw new UserFacingException(
          "pattern:"
              + p
              + " has more than "
              + GlobPattern.NESTING_LIMIT
              + " stars; Redis gives up on such patterns.");
    }
    if (pattern.glob.literalPrefix().length < MIN_LITERAL_PREFIX) {
      throw new UserFacingException(
          "pattern:"
              + p
              + " is too broad: it must start with at least "
              + MIN_LITERAL_PREFIX
              + " plain characters before any *, ? or [, like cache:* or rl:*"
              + " (an escaped \\* or a one-character class like [c] counts as plain)");
    }
    return pattern;
  }

  /** Parses a configured pattern (protected patterns); any glob is accepted, as Redis does. */
  public static KeyPattern parse(String text) {
    return new KeyPattern(GlobPattern.compile(text));
  }

  public String text() {
    return glob.text();
  }

  /** The compiled pattern. */
  public GlobPattern glob() {
    return glob;
  }

  /** The bytes every matching key starts with, for a person. */
  public String literalPrefix() {
    return GlobPattern.show(glob.literalPrefix());
  }

  /** Whether the server's SCAN MATCH with this pattern returns {@code key}. */
  public boolean matches(String key) {
    return glob.matches(key);
  }

  /** Whether some key matches both patterns: a key they share, none, or undecided. */
  public GlobOverlap overlap(KeyPattern other) {
    return glob.overlap(other.glob);
  }

  /** Whether some key could match both patterns; true unless they were proved disjoint. */
  public boolean mayOverlap(KeyPattern other) {
    return !(overlap(other) instanceof GlobOverlap.Disjoint);
  }

  @Override
  public String toString() {
    return text();
  }
}
