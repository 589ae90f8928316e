package dev.incidentbot.redis.bigkeys;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Totals and the biggest keys for one Redis type. Not thread-safe: each scanning thread keeps its
 * own and they are {@link #merge merged} at the end.
 */
public final class TypeStats {
  /** One big key. */
  public record BigKey(String key, long size, String node) {}

  private final String type;
  private final int limit;
  private final PriorityQueue<BigKey> top =
      new PriorityQueue<>(Comparator.comparingLong(BigKey::size));
  private long keys;
  private long totalSize;

  public TypeStats(String type, int limit) {
    this.type = type;
    this.limit = limit;
  }

  void add(String key, long size, String node) {
    keys++;
    totalSize += size;
    if (top.size() < limit) {
      top.add(new BigKey(key, size, node));
    } else if (size > top.peek().size()) {
      top.poll();
      top.add(new BigKey(key, size, node));
    }
  }

  void merge(TypeStats other) {
    keys += other.keys;
    totalSize += other.totalSize;
    for (BigKey k : other.top) {
      if (top.size() < limit) {
        top.add(k);
      } else if (k.size() > top.peek().size()) {
        top.poll();
        top.add(k);
      }
    }
  }

  public String type() {
    return type;
  }

  public long keys() {
    return keys;
  }

  public long totalSize() {
    return totalSize;
  }

  /** The biggest key of this type, if any was seen. */
  public Optional<BigKey> largest() {
    return top.stream().max(Comparator.comparingLong(BigKey::size));
  }

  /** The biggest keys, biggest first. */
  public List<BigKey> biggest() {
    var out = new ArrayList<>(top);
    out.sort(Comparator.comparingLong(BigKey::size).reversed());
    return out;
  }
}
