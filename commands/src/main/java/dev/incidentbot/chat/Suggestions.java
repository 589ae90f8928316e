package dev.incidentbot.chat;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The closest few of a set of names to something mistyped, by edit distance (ignoring case). Used
 * for "Did you mean /redis health?".
 */
public final class Suggestions {
  /** At most this many names are suggested. */
  static final int MAX = 2;

  private Suggestions() {}

  /**
   * The one or two names closest to {@code typed}, nearest first; empty when none is close enough
   * (more than a third of the longer word's letters would change, and more than one); a name that
   * starts with what was typed counts as close.
   */
  public static List<String> closest(String typed, Collection<String> names) {
    String t = typed.toLowerCase(Locale.ROOT);
    record Scored(String name, int distance) {}
    List<Scored> near =
        names.stream()
            .map(n -> new Scored(n, score(t, n.toLowerCase(Locale.ROOT))))
            .filter(s -> s.distance() <= allowed(t, s.name()))
            .sorted(Comparator.comparingInt(Scored::distance))
            .toList();
    if (near.isEmpty()) {
      return List.of();
    }
    int best = near.get(0).distance();
    // the nearest, and a second only when it is as near or at most one letter further
    return near.stream()
        .filter(s -> s.distance() <= best + 1)
        .limit(MAX)
        .map(Scored::name)
        .toList();
  }

  /** The edit distance, but a start of the name counts as one letter off ("pers": persist). */
  private static int score(String typed, String name) {
    int d = distance(typed, name);
    return typed.length() >= 3 && name.startsWith(typed) ? Math.min(d, 1) : d;
  }

  private static int allowed(String typed, String name) {
    return Math.max(1, Math.max(typed.length(), name.length()) / 3);
  }

  /**
   * The edit distance between {@code a} and {@code b}: insertions, deletions, substitutions and
   * swaps of two neighbouring letters ("hepl": help) each count one.
   */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
