package dev.incidentbot.recovery.action;

import dev.incidentbot.chat.UserFacingException;
import java.util.ArrayList;
import java.util.List;

/**
 * A key pattern in Redis glob syntax ({@code *}, {@code ?}, {@code [abc]}, {@code \x}), checked
 * before any purge: malformed and too-broad patterns are refused, and overlap with a protected
 * pattern is detected conservatively (character classes count as any character, so a possible
 * overlap is always reported).
 */
public final class KeyPattern {
  /** Patterns must start with this many literal characters, so {@code *} or {@code c*} fail. */
  static final int MIN_LITERAL_PREFIX = 2;

  static final int MAX_LENGTH = 256;

  private final String text;
  private final List<Token> tokens;

  private KeyPattern(String text, List<Token> tokens) {
    this.text = text;
    this.tokens = tokens;
  }

  /**
   * Parses a pattern typed by a person for a purge.
   *
   * @throws UserFacingException when it is malformed or too broad
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
    if (pattern.literalPrefix().length() < MIN_LITERAL_PREFIX) {
      throw new UserFacingException(
          "pattern:"
              + p
              + " is too broad: it must start with at least "
              + MIN_LITERAL_PREFIX
              + " plain characters before any *, ? or [, like cache:* or rl:*");
    }
    return pattern;
  }

  /** Parses a configured pattern (protected patterns); any glob is accepted. */
  public static KeyPattern parse(String text) {
    var tokens = new ArrayList<Token>();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '*' -> tokens.add(Token.STAR);
        case '?' -> tokens.add(Token.ANY);
        case '\\' -> {
          if (i + 1 >= text.length()) {
            throw new UserFacingException(
                "pattern:" + text + " ends with a lone \\; escape a character like \\*");
          }
          tokens.add(Token.literal(text.charAt(++i)));
        }
        case '[' -> {
          int close = text.indexOf(']', i + 2);
          if (close < 0) {
            throw new UserFacingException(
                "pattern:" + text + " opens a [ class that is never closed with ]");
          }
          tokens.add(Token.ANY);
          i = close;
        }
        default -> tokens.add(Token.literal(c));
      }
    }
    return new KeyPattern(text, List.copyOf(tokens));
  }

  public String text() {
    return text;
  }

  /** The characters every matching key starts with. */
  public String literalPrefix() {
    var sb = new StringBuilder();
    for (Token t : tokens) {
      if (t.kind != Kind.LITERAL) {
        break;
      }
      sb.append(t.c);
    }
    return sb.toString();
  }

  /**
   * Whether some key could match both patterns. Exact for {@code *}, {@code ?} and literals;
   * character classes count as any character, so the answer errs on the side of overlap.
   */
  public boolean mayOverlap(KeyPattern other) {
    List<Token> a = tokens;
    List<Token> b = other.tokens;
    boolean[][] seen = new boolean[a.size() + 1][b.size() + 1];
    var todo = new ArrayList<int[]>();
    todo.add(new int[] {0, 0});
    seen[0][0] = true;
    while (!todo.isEmpty()) {
      int[] s = todo.remove(todo.size() - 1);
      int i = s[0];
      int j = s[1];
      if (i == a.size() && j == b.size()) {
        return true;
      }
      Token x = i < a.size() ? a.get(i) : null;
      Token y = j < b.size() ? b.get(j) : null;
      if (x != null && x.kind == Kind.STAR) {
        visit(seen, todo, i + 1, j);
        if (y != null) {
          visit(seen, todo, i, j + 1);
        }
      }
      if (y != null && y.kind == Kind.STAR) {
        visit(seen, todo, i, j + 1);
        if (x != null) {
          visit(seen, todo, i + 1, j);
        }
      }
      if (x != null && y != null && x.kind != Kind.STAR && y.kind != Kind.STAR && x.fits(y)) {
        visit(seen, todo, i + 1, j + 1);
      }
    }
    return false;
  }

  private static void visit(boolean[][] seen, List<int[]> todo, int i, int j) {
    if (!seen[i][j]) {
      seen[i][j] = true;
      todo.add(new int[] {i, j});
    }
  }

  @Override
  public String toString() {
    return text;
  }

  private enum Kind {
    LITERAL,
    ANY,
    STAR
  }

  private record Token(Kind kind, char c) {
    static final Token STAR = new Token(Kind.STAR, '*');
    static final Token ANY = new Token(Kind.ANY, '?');

    static Token literal(char c) {
      return new Token(Kind.LITERAL, c);
    }

    boolean fits(Token other) {
      return kind == Kind.ANY || other.kind == Kind.ANY || c == other.c;
    }
  }
}
