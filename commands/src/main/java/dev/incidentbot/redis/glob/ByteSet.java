package dev.incidentbot.redis.glob;

import java.util.Arrays;

/**
 * An immutable set of byte values 0..255 (256 bits): what one position of a Redis glob admits. A
 * literal is a set of one byte, {@code ?} is every byte, a class {@code [...]} is whatever its
 * members, ranges and negation make. Immutable and thread-safe.
 */
public final class ByteSet {
  private static final ByteSet NONE = new ByteSet(new long[4]);
  private static final ByteSet ALL = NONE.complement();

  /**
   * The order example keys take their bytes in: letters and digits first, then the rest of
   * printable ASCII, then bytes above 0x7f, then control bytes; so an example reads well.
   */
  private static final int[] PREFERRED = preferredOrder();

  private final long[] words;

  private ByteSet(long[] words) {
    this.words = words;
  }

  /** The empty set: what {@code []} admits. */
  public static ByteSet none() {
    return NONE;
  }

  /** Every byte: what {@code ?} admits. */
  public static ByteSet all() {
    return ALL;
  }

  /** The set of the one byte {@code b} (its low 8 bits). */
  public static ByteSet of(int b) {
    return NONE.with(b);
  }

  /** A copy with byte {@code b} (its low 8 bits) added. */
  public ByteSet with(int b) {
    int v = b & 0xff;
    long[] w = words.clone();
    w[v >>> 6] |= 1L << (v & 63);
    return new ByteSet(w);
  }

  /** A copy with every byte {@code lo..hi} (unsigned values, inclusive) added. */
  public ByteSet withRange(int lo, int hi) {
    long[] w = words.clone();
    for (int v = lo; v <= hi; v++) {
      w[v >>> 6] |= 1L << (v & 63);
    }
    return new ByteSet(w);
  }

  /** The bytes not in this set. */
  public ByteSet complement() {
    long[] w = new long[4];
    for (int i = 0; i < 4; i++) {
      w[i] = ~words[i];
    }
    return new ByteSet(w);
  }

  /** The bytes in both sets. */
  public ByteSet intersect(ByteSet other) {
    long[] w = new long[4];
    for (int i = 0; i < 4; i++) {
      w[i] = words[i] & other.words[i];
    }
    return new ByteSet(w);
  }

  /** Whether byte {@code b} (its low 8 bits) is in the set. */
  public boolean contains(int b) {
    int v = b & 0xff;
    return (words[v >>> 6] & (1L << (v & 63))) != 0;
  }

  public boolean isEmpty() {
    return size() == 0;
  }

  public int size() {
    int n = 0;
    for (long w : words) {
      n += Long.bitCount(w);
    }
    return n;
  }

  /**
   * The member an example key should use: a letter or digit when there is one, else printable
   * ASCII, else a byte above 0x7f, else a control byte.
   *
   * @throws IllegalStateException when the set is empty
   */
  public int pick() {
    for (int b : PREFERRED) {
      if (contains(b)) {
        return b;
      }
    }
    throw new IllegalStateException("empty byte set");
  }

  /** The members, ascending by unsigned value. */
  public int[] members() {
    int[] out = new int[size()];
    int n = 0;
    for (int b = 0; b < 256; b++) {
      if (contains(b)) {
        out[n++] = b;
      }
    }
    return out;
  }

  /** The members for a person: {@code a, b, ]} or, when many, a count. */
  public String describe() {
    int size = size();
    if (size == 0) {
      return "no byte";
    }
    if (size == 256) {
      return "any byte";
    }
    if (size > 12) {
      return size + " different bytes";
    }
    var sb = new StringBuilder();
    for (int b : members()) {
      sb.append(sb.length() == 0 ? "" : ", ").append(GlobPattern.show(new byte[] {(byte) b}));
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ByteSet other && Arrays.equals(words, other.words);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(words);
  }

  @Override
  public String toString() {
    return "{" + describe() + "}";
  }

  private static int[] preferredOrder() {
    int[] order = new int[256];
    int n = 0;
    String first = "xabcdefghijklmnopqrstuvwyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    boolean[] taken = new boolean[256];
    for (char c : first.toCharArray()) {
      order[n++] = c;
      taken[c] = true;
    }
    for (int b = 0x21; b < 0x7f; b++) {
      if (!taken[b]) {
        order[n++] = b;
        taken[b] = true;
      }
    }
    for (int b = 0x80; b < 0x100; b++) {
      order[n++] = b;
      taken[b] = true;
    }
    for (int b = 0; b < 0x100; b++) {
      if (!taken[b]) {
        order[n++] = b;
      }
    }
    return order;
  }
}
