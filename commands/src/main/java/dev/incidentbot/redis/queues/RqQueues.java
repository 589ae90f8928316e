package dev.incidentbot.redis.queues;

import dev.incidentbot.format.Counts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisMovedDataException;

/**
 * RQ queues: the {@code rq:queues} set names them; each has a list {@code rq:queue:<name>} and
 * sorted-set registries {@code rq:wip} (started: scores are expiry times, so a past-due score is a
 * job whose worker died), {@code rq:failed}, {@code rq:finished}, {@code rq:deferred} and {@code
 * rq:scheduled}.
 *
 * <p>Stateless; each call uses the given connection only.
 */
public final class RqQueues {
  static final String QUEUES = "rq:queues";
  static final String QUEUE_PREFIX = "rq:queue:";
  private static final String[][] REGISTRIES = {
    {"started", "rq:wip:"},
    {"failed", "rq:failed:"},
    {"finished", "rq:finished:"},
    {"deferred", "rq:deferred:"},
    {"scheduled", "rq:scheduled:"}
  };

  private RqQueues() {}

  /**
   * The queue names RQ registered, sorted. On a cluster node that does not serve the slot of {@code
   * rq:queues}, none: the node that serves it names them.
   */
  public static List<String> discover(Jedis jedis) {
    try {
      if (!"set".equals(jedis.type(QUEUES))) {
        return List.of();
      }
    } catch (JedisMovedDataException servedElsewhere) {
      return List.of();
    }
    return jedis.smembers(QUEUES).stream()
        .map(k -> k.startsWith(QUEUE_PREFIX) ? k.substring(QUEUE_PREFIX.length()) : k)
        .sorted()
        .toList();
  }

  /** The counts of one queue, with abandoned started jobs counted at {@code nowSeconds}. */
  public static QueueState inspect(Jedis jedis, String queue, long depthLimit, long nowSeconds) {
    var keys = new ArrayList<String>();
    keys.add(QUEUE_PREFIX + queue);
    for (String[] r : REGISTRIES) {
      keys.add(r[1] + queue);
    }
    List<KeySizes.Sized> sized = KeySizes.of(jedis, keys);
    var counts = new LinkedHashMap<String, Long>();
    var notes = new ArrayList<String>();
    counts.put("queued", Math.max(0, sized.get(0).size()));
    expect(sized.get(0), "list", notes);
    for (int i = 0; i < REGISTRIES.length; i++) {
      counts.put(REGISTRIES[i][0], Math.max(0, sized.get(i + 1).size()));
      expect(sized.get(i + 1), "zset", notes);
    }
    if (counts.get("started") > 0 && "zset".equals(sized.get(1).type())) {
      long abandoned = jedis.zcount("rq:wip:" + queue, "-inf", "(" + nowSeconds);
      counts.put("abandoned", abandoned);
      if (abandoned > 0) {
        notes.add(
            Counts.of(abandoned, "started job", "started jobs")
                + " abandoned: past "
                + (abandoned == 1
                    ? "its heartbeat deadline, its worker is"
                    : "their heartbeat deadline, their workers are")
                + " gone");
      }
    }
    long depth = counts.get("queued");
    if (depth > depthLimit) {
      notes.add(
          "depth "
              + Counts.format(depth)
              + " is over the threshold of "
              + Counts.format(depthLimit));
    }
    return new QueueState(
        "RQ", "", queue, counts, depth, counts.getOrDefault("abandoned", 0L), notes);
  }

  private static void expect(KeySizes.Sized s, String type, List<String> notes) {
    if (!s.type().equals(type) && !s.type().equals("none")) {
      notes.add(s.key() + " is a " + s.type() + ", not a " + type);
    }
  }
}
