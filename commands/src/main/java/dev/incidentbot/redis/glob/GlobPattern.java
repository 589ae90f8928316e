package dev.incidentbot.redis.glob;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * A Redis glob (the MATCH of SCAN, the pattern of KEYS) compiled to what the server will match: a
 * sequence of {@link GlobToken}s, each a star or a set of bytes, read by {@link GlobCompiler}
 * exactly as {@code stringmatchlen} reads the pattern. Keys and patterns are bytes; a Java string
 * stands for its UTF-8 bytes (as Jedis sends it), so {@code ?} matches one byte, not one character.
 *
 * <p>Matching follows {@code stringmatchlen}: a star matches any run of bytes, and an empty key
 * matches only the empty pattern (SCAN's {@code MATCH *} alone skips matching, so it returns the
 * empty key too). Ranges over bytes above 0x7f depend on the server's C {@code char}: {@link
 * #matches(byte[])} reads them as x86 builds do (signed); {@link #overlap} considers both readings.
 * Current builds (the 7.0.15 the tests run on included) fail a match that needs more than {@value
 * #NESTING_LIMIT} nested stars; {@link #exact()} says when a pattern has that many, and there this
 * class matches more keys than the server would, never fewer.
 *
 * <p>Immutable and thread-safe.
 */
public final class GlobPattern {
  /** Star recursions {@code stringmatchlen} allows before it answers "no match". */
  public static final int NESTING_LIMIT = 1000;

  /** Position pairs an overlap search may visit before it gives up undecided. */
  public static final long MAX_OVERLAP_STATES = 1_000_000;

  private final String text;
  private final List<GlobToken> signed;
  private final List<GlobToken> unsigned;
  private final List<GlobQuirk> quirks;

  private GlobPattern(String text, byte[] bytes) {
    this.text = text;
    GlobCompiler.Compiled x86 = GlobCompiler.compile(bytes, true);
    this.signed = x86.tokens();
    this.unsigned = GlobCompiler.compile(bytes, false).tokens();
    this.quirks = x86.quirks();
  }

  /** Compiles {@code text} as its UTF-8 bytes. */
  public static GlobPattern compile(String text) {
    return new GlobPattern(text, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Compiles a pattern given as raw bytes (which need not be UTF-8). */
  public static GlobPattern compile(byte[] pattern) {
    return new GlobPattern(show(pattern), pattern.clone());
  }

  /** The pattern as given (raw byte patterns: as {@link #show} writes them). */
  public String text() {
    return text;
  }

  /** The tokens as an x86 (signed char) server reads the pattern. */
  public List<GlobToken> tokens() {
    return signed;
  }

  /** The tokens as a server of the given C {@code char} signedness reads the pattern. */
  public List<GlobToken> tokens(boolean signedChar) {
    return signedChar ? signed : unsigned;
  }

  /** Constructs Redis accepts that read differently from what they look like; often none. */
  public List<GlobQuirk> quirks() {
    return quirks;
  }

  /** Whether x86 and ARM builds of Redis read this pattern differently. */
  public boolean dependsOnCharSignedness() {
    return !signed.equals(unsigned);
  }

  /**
   * Whether matching here is exactly the server's: at most {@value #NESTING_LIMIT} stars before the
   * last token (a star at the very end matches the rest without recursing).
   */
  public boolean exact() {
    int last = signed.size() - 1;
    long nested =
        signed.stream().filter(GlobToken::isStar).count()
            - (last >= 0 && signed.get(last).isStar() ? 1 : 0);
    return nested <= NESTING_LIMIT;
  }

  /** The bytes every matching key starts with: the leading tokens that admit one byte each. */
  public byte[] literalPrefix() {
    var out = new ByteArrayOutputStream();
    for (GlobToken t : signed) {
      if (!t.isSingleByte()) {
        break;
      }
      out.write(t.bytes().pick());
    }
    return out.toByteArray();
  }

  /** Whether an x86 server matches {@code key} (as UTF-8) against this pattern. */
  public boolean matches(String key) {
    return matches(key.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether an x86 (signed char) server matches {@code key} against this pattern. */
  public boolean matches(byte[] key) {
    return matches(key, true);
  }

  /**
   * Whether a server of the given C {@code char} signedness matches {@code key}: the positions the
   * key's bytes can reach, a star reaching past itself for free.
   */
  public boolean matches(byte[] key, boolean signedChar) {
    List<GlobToken> tokens = tokens(signedChar);
    int n = tokens.size();
    if (key.length == 0) {
      return n == 0;
    }
    boolean[] at = new boolean[n + 1];
    at[0] = true;
    close(tokens, at);
    for (byte b : key) {
      boolean[] next = new boolean[n + 1];
      boolean any = false;
      for (int i = 0; i < n; i++) {
        if (at[i] && tokens.get(i).bytes().contains(b)) {
          next[tokens.get(i).isStar() ? i : i + 1] = true;
          any = true;
        }
      }
      if (!any) {
        return false;
      }
      close(tokens, next);
      at = next;
    }
    return at[n];
  }

  private static void close(List<GlobToken> tokens, boolean[] at) {
    for (int i = 0; i < tokens.size(); i++) {
      if (at[i] && tokens.get(i).isStar()) {
        at[i + 1] = true;
      }
    }
  }

  /**
   * Whether some non-empty key matches both patterns on some server build, x86 or ARM: a shortest
   * such key, or proof that there is none, or undecided when the patterns are too long to compare.
   * A non-empty pattern never matches the empty key, and an empty pattern only that, so this is the
   * whole answer for any non-empty pattern.
   */
  public GlobOverlap overlap(GlobPattern other) {
    GlobOverlap found = null;
    for (boolean mine : readings()) {
      for (boolean theirs : other.readings()) {
        GlobOverlap o = ProductSearch.run(tokens(mine), other.tokens(theirs), MAX_OVERLAP_STATES);
        if (o instanceof GlobOverlap.Common) {
          return o;
        }
        if (found == null || o instanceof GlobOverlap.Undecided) {
          found = o;
        }
      }
    }
    return found;
  }

  private boolean[] readings() {
    return dependsOnCharSignedness() ? new boolean[] {true, false} : new boolean[] {true};
  }

  /**
   * Key or pattern bytes for a person: the text itself when it is valid UTF-8 without control
   * characters, else printable ASCII as is and every other byte as {@code \xNN}.
   */
  public static String show(byte[] bytes) {
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      if (s.chars().noneMatch(Character::isISOControl)) {
        return s;
      }
    } catch (CharacterCodingException notUtf8) {
      // written byte by byte below
    }
    var sb = new StringBuilder();
    for (byte b : bytes) {
      int v = b & 0xff;
      if (v >= 0x20 && v < 0x7f) {
        sb.append((char) v);
      } else {
        sb.append(String.format(Locale.ROOT, "\\x%02x", v));
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return text;
  }
}
