package dev.incidentbot.redis.glob;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads a glob's bytes exactly as Redis's {@code stringmatchlen} (src/util.c, Redis 7 and 8, Valkey
 * 8) walks them, producing one {@link GlobToken} per key byte (or star) instead of matching on the
 * fly. The walk decides every branch on the pattern alone, never on the key, so the tokens say
 * exactly what the server will match:
 *
 * <ul>
 *   <li>{@code *}: runs are one star.
 *   <li>{@code ?}: any one byte.
 *   <li>{@code \x}: the byte x; a {@code \} that is the last byte is a literal backslash.
 *   <li>{@code [}: an optional {@code ^} negates; then, until {@code ]}: {@code \x} is the byte x
 *       (when at least one byte follows the backslash), {@code a-z} is a range when at least three
 *       bytes are left (so its end may be {@code ]} or {@code \}; ends are swapped when the start
 *       is greater, and compared as C {@code char}, signed on x86, unsigned on ARM), and any other
 *       byte is itself. A {@code ]} right after {@code [} or {@code [^} closes an empty class. A
 *       class still open at the end of the pattern just ends there.
 *   <li>Anything else is itself.
 * </ul>
 *
 * Stateless; thread-safe.
 */
final class GlobCompiler {
  private GlobCompiler() {}

  /** The tokens and the quirks met on the way. */
  record Compiled(List<GlobToken> tokens, List<GlobQuirk> quirks) {}

  /**
   * Compiles {@code p} as a server whose C {@code char} is signed ({@code signedChar}, x86) or
   * unsigned (ARM) would read it.
   */
  static Compiled compile(byte[] p, boolean signedChar) {
    var tokens = new ArrayList<GlobToken>();
    var quirks = new ArrayList<GlobQuirk>();
    int n = p.length;
    int i = 0;
    while (i < n) {
      int start = i;
      switch (p[i]) {
        case '*' -> {
          while (i + 1 < n && p[i + 1] == '*') {
            i++;
          }
          i++;
          tokens.add(new GlobToken(GlobToken.Kind.STAR, ByteSet.all(), source(p, start, i)));
        }
        case '?' -> {
          i++;
          tokens.add(new GlobToken(GlobToken.Kind.ANY, ByteSet.all(), "?"));
        }
        case '\\' -> {
          if (i + 1 < n) {
            i += 2;
            tokens.add(literal(p[i - 1], source(p, start, i)));
          } else {
            i++;
            tokens.add(literal('\\', "\\"));
            quirks.add(
                new GlobQuirk(
                    GlobQuirk.Kind.TRAILING_BACKSLASH,
                    "\\",
                    "it ends with a lone \\, which Redis matches as a literal backslash;"
                        + " write \\\\ if you mean one"));
          }
        }
        case '[' -> i = readClass(p, i, signedChar, tokens, quirks);
        default -> {
          i++;
          tokens.add(literal(p[start], source(p, start, i)));
        }
      }
    }
    return new Compiled(List.copyOf(tokens), List.copyOf(quirks));
  }

  /** Reads the class opening at {@code p[open]}; answers the index after it. */
  private static int readClass(
      byte[] p, int open, boolean signedChar, List<GlobToken> tokens, List<GlobQuirk> quirks) {
    int n = p.length;
    int j = open + 1;
    boolean not = j < n && p[j] == '^';
    if (not) {
      j++;
    }
    int bodyStart = j;
    ByteSet set = ByteSet.none();
    boolean closed = false;
    while (true) {
      int left = n - j;
      if (left >= 2 && p[j] == '\\') {
        set = set.with(p[j + 1]);
        j += 2;
      } else if (left == 0) {
        break;
      } else if (p[j] == ']') {
        closed = true;
        j++;
        break;
      } else if (left >= 3 && p[j + 1] == '-') {
        set = withRange(set, p[j], p[j + 2], signedChar);
        if (((p[j] & 0x80) != 0) != ((p[j + 2] & 0x80) != 0)) {
          quirks.add(signednessQuirk(source(p, j, j + 3)));
        }
        j += 3;
      } else {
        set = set.with(p[j]);
        j++;
      }
    }
    String text = source(p, open, j);
    shapeQuirk(text, closed, j == bodyStart + 1, not, set).ifPresent(quirks::add);
    tokens.add(new GlobToken(GlobToken.Kind.CLASS, not ? set.complement() : set, text));
    return j;
  }

  /** A range whose ends lie on either side of byte 0x80. */
  private static GlobQuirk signednessQuirk(String range) {
    return new GlobQuirk(
        GlobQuirk.Kind.SIGNEDNESS_DEPENDENT_RANGE,
        range,
        "the range "
            + range
            + " has one end below and one above byte 0x80, which Redis compares"
            + " differently on x86 (signed char) and ARM (unsigned char) builds;"
            + " list the characters instead");
  }

  /** What is odd about a class never closed, or closed at once ({@code empty}); else nothing. */
  private static Optional<GlobQuirk> shapeQuirk(
      String text, boolean closed, boolean empty, boolean not, ByteSet set) {
    if (!closed) {
      return Optional.of(
          new GlobQuirk(
              GlobQuirk.Kind.UNTERMINATED_CLASS,
              text,
              "the class "
                  + text
                  + " is never closed with ]; Redis ends it with the pattern, as one character"
                  + " out of "
                  + (not ? set.complement() : set).describe()
                  + ", so the key must end there. Close it with ], or write \\[ for a literal ["));
    }
    if (!empty) {
      return Optional.empty();
    }
    return Optional.of(
        not
            ? new GlobQuirk(
                GlobQuirk.Kind.NEGATED_EMPTY_CLASS,
                text,
                "Redis reads [^] as an empty class negated: any one character. Write ? for"
                    + " that, or [^\\]] for any character but ]")
            : new GlobQuirk(
                GlobQuirk.Kind.EMPTY_CLASS,
                text,
                "Redis reads [] as an empty class that no character fits (the ] closes it at"
                    + " once), so the pattern matches no key. Write \\] for a literal ]"));
  }

  /**
   * Adds the range {@code a-b} as {@code stringmatchlen} compares it: both ends and the key byte as
   * C {@code char}, swapped when the start is greater.
   */
  private static ByteSet withRange(ByteSet set, byte a, byte b, boolean signedChar) {
    int lo = signedChar ? a : a & 0xff;
    int hi = signedChar ? b : b & 0xff;
    if (lo > hi) {
      int t = lo;
      lo = hi;
      hi = t;
    }
    if (lo >= 0 || hi < 0) {
      return set.withRange(lo & 0xff, hi & 0xff);
    }
    // signed and straddling zero: -128..-1 are the bytes 0x80..0xff
    return set.withRange(lo & 0xff, 0xff).withRange(0, hi);
  }

  private static GlobToken literal(int b, String source) {
    return new GlobToken(GlobToken.Kind.LITERAL, ByteSet.of(b), source);
  }

  private static String source(byte[] p, int from, int to) {
    return GlobPattern.show(Arrays.copyOfRange(p, from, to));
  }
}
