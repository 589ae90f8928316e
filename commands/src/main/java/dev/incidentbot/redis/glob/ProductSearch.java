package dev.incidentbot.redis.glob;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * Searches the product of two token sequences for a non-empty key both match: a state is a pair of
 * positions {@code (i, j)} plus whether a byte was read yet. A star may be left (no byte), a byte
 * may be read where both sides admit it: two byte sets advance together when they intersect, a star
 * stays put while the other side advances (or both stars stay, reading any byte). Reaching both
 * ends after at least one byte proves a common key; exhausting the states proves there is none.
 * Zero-cost moves first (0-1 breadth-first), so the key found is a shortest one. Not thread-safe;
 * one search per instance.
 */
final class ProductSearch {
  private final List<GlobToken> a;
  private final List<GlobToken> b;
  private final int width;
  private final int[] parent;
  private final short[] via;
  private final int[] dist;

  private ProductSearch(List<GlobToken> a, List<GlobToken> b) {
    this.a = a;
    this.b = b;
    this.width = b.size() + 1;
    int states = (a.size() + 1) * width * 2;
    this.parent = new int[states];
    this.via = new short[states];
    this.dist = new int[states];
    Arrays.fill(dist, Integer.MAX_VALUE);
  }

  /** Searches, or answers undecided when the product has more than {@code maxStates} states. */
  static GlobOverlap run(List<GlobToken> a, List<GlobToken> b, long maxStates) {
    long states = (a.size() + 1L) * (b.size() + 1L) * 2;
    if (states > maxStates) {
      return new GlobOverlap.Undecided(
          "the two patterns are too long to compare ("
              + states
              + " position pairs, the limit is "
              + maxStates
              + ")");
    }
    return new ProductSearch(a, b).search();
  }

  private int state(int i, int j, boolean read) {
    return ((i * width) + j) * 2 + (read ? 1 : 0);
  }

  private GlobOverlap search() {
    var deque = new ArrayDeque<Integer>();
    int start = state(0, 0, false);
    parent[start] = -1;
    dist[start] = 0;
    deque.add(start);
    boolean[] done = new boolean[parent.length];
    int goal = state(a.size(), b.size(), true);
    while (!deque.isEmpty()) {
      int s = deque.pollFirst();
      if (done[s]) {
        continue;
      }
      done[s] = true;
      if (s == goal) {
        return new GlobOverlap.Common(key(s));
      }
      int i = s / 2 / width;
      int j = s / 2 % width;
      boolean read = (s & 1) == 1;
      GlobToken x = i < a.size() ? a.get(i) : null;
      GlobToken y = j < b.size() ? b.get(j) : null;
      if (x != null && x.isStar()) {
        relax(deque, s, state(i + 1, j, read), -1);
      }
      if (y != null && y.isStar()) {
        relax(deque, s, state(i, j + 1, read), -1);
      }
      if (x == null || y == null) {
        continue;
      }
      ByteSet both = x.bytes().intersect(y.bytes());
      if (!both.isEmpty()) {
        int ni = x.isStar() ? i : i + 1;
        int nj = y.isStar() ? j : j + 1;
        if (ni != i || nj != j || !read) {
          relax(deque, s, state(ni, nj, true), both.pick());
        }
      }
    }
    return new GlobOverlap.Disjoint();
  }

  /**
   * Moves from {@code from} to {@code to}, reading byte {@code b}, or nothing when {@code b} is -1
   * (such moves go to the front, so shorter keys come first), if that reaches {@code to} with a
   * shorter key than known.
   */
  private void relax(ArrayDeque<Integer> deque, int from, int to, int b) {
    int d = dist[from] + (b < 0 ? 0 : 1);
    if (d >= dist[to]) {
      return;
    }
    dist[to] = d;
    parent[to] = from;
    via[to] = (short) b;
    if (b < 0) {
      deque.addFirst(to);
    } else {
      deque.addLast(to);
    }
  }

  private byte[] key(int goal) {
    var reversed = new ByteArrayOutputStream();
    for (int s = goal; parent[s] != -1; s = parent[s]) {
      if (via[s] >= 0) {
        reversed.write(via[s]);
      }
    }
    byte[] out = reversed.toByteArray();
    for (int l = 0, r = out.length - 1; l < r; l++, r--) {
      byte t = out[l];
      out[l] = out[r];
      out[r] = t;
    }
    return out;
  }
}
