package dev.incidentbot.redis.glob;

import java.util.Objects;

/**
 * One position of a compiled Redis glob: either {@link Kind#STAR} (any run of bytes, several {@code
 * *} in a row being one) or a set of the bytes one key byte may be there.
 *
 * @param kind what the pattern wrote
 * @param bytes the bytes admitted at this position; every byte for a star
 * @param source the pattern text this token was read from, such as {@code [\]l]}
 */
public record GlobToken(Kind kind, ByteSet bytes, String source) {

  /** What the pattern wrote at this position. */
  public enum Kind {
    /** {@code *}: any run of bytes, possibly none. */
    STAR,
    /** A plain or escaped byte ({@code a}, {@code \*}). */
    LITERAL,
    /** {@code ?}: any one byte. */
    ANY,
    /** {@code [...]}: one byte out of a class, possibly negated, possibly empty. */
    CLASS
  }

  public GlobToken {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(source, "source");
  }

  public boolean isStar() {
    return kind == Kind.STAR;
  }

  /** Whether exactly one byte fits here: a literal, or a class like {@code [c]}. */
  public boolean isSingleByte() {
    return kind != Kind.STAR && bytes.size() == 1;
  }
}
