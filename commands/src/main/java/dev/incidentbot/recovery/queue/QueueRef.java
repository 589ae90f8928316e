package dev.incidentbot.recovery.queue;

import dev.incidentbot.chat.UserFacingException;
import dev.incidentbot.redis.queues.BullMqQueues;
import dev.incidentbot.redis.queues.RqQueues;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import redis.clients.jedis.Jedis;

/**
 * A queue a recovery action works on: which library owns it, its name and (BullMQ) key prefix.
 *
 * @param system BullMQ or RQ
 * @param name the queue name
 * @param prefix the BullMQ key prefix ("bull"); "rq" for RQ
 */
public record QueueRef(System system, String name, String prefix) {
  /** The set RQ registers its queues in. */
  static final String RQ_QUEUES = "rq:queues";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:@{}-]{1,100}");

  /** The queue libraries the bot knows. */
  public enum System {
    BULLMQ,
    RQ;

    public String label() {
      return this == BULLMQ ? "BullMQ" : "RQ";
    }
  }

  /** {@code bull:emails:} — the start of every key of a BullMQ queue. */
  String base() {
    return prefix + ":" + name + ":";
  }

  /** "BullMQ queue emails". */
  public String describe() {
    return system.label() + " queue " + name;
  }

  /**
   * Whether every key of the queue hashes to one cluster slot: its {@link #base} holds a hash tag
   * ({@code {bull}:emails:}, {@code bull:{emails}:}), as BullMQ needs on a cluster.
   */
  boolean oneSlot() {
    String base = base();
    int open = base.indexOf('{');
    int close = open < 0 ? -1 : base.indexOf('}', open + 1);
    return close > open + 1;
  }

  /** Where {@link #find} looks queues up: one node, or each key's slot owner in a cluster. */
  interface Lookup {
    boolean exists(String key);

    boolean isMember(String set, String member);

    /** The queues there are, as "emails (BullMQ)", for the message when none matches. */
    List<String> known(List<String> prefixes);
  }

  /** Looks queues up on the one node {@code jedis} is connected to. */
  static Lookup on(Jedis jedis) {
    return new Lookup() {
      @Override
      public boolean exists(String key) {
        return jedis.exists(key);
      }

      @Override
      public boolean isMember(String set, String member) {
        return jedis.sismember(set, member);
      }

      @Override
      public List<String> known(List<String> prefixes) {
        var known = new ArrayList<String>();
        for (String candidate : prefixes) {
          BullMqQueues.discover(jedis, candidate, java.lang.System.nanoTime() + 500_000_000L)
              .queues()
              .forEach(q -> known.add(q + " (BullMQ)"));
        }
        RqQueues.discover(jedis).forEach(q -> known.add(q + " (RQ)"));
        return known;
      }
    };
  }

  /** {@link #find(Lookup, String, Optional, List)} on the node {@code jedis} is connected to. */
  static QueueRef find(Jedis jedis, String name, Optional<String> system, List<String> prefixes) {
    return find(on(jedis), name, system, prefixes);
  }

  /**
   * Finds the queue {@code name} through {@code lookup}: a BullMQ queue has {@code
   * <prefix>:<name>:meta} under the first of {@code prefixes} that holds it, an RQ queue is in
   * {@code rq:queues}.
   *
   * @throws UserFacingException naming the queues that do exist when there is none, or asking for
   *     {@code system:} when both libraries have one
   */
  static QueueRef find(Lookup lookup, String name, Optional<String> system, List<String> prefixes) {
    if (!NAME.matcher(name).matches()) {
      throw new UserFacingException("queue:" + name + " is not a queue name.");
    }
    for (String candidate : prefixes) {
      if (!BullMqQueues.validPrefix(candidate)) {
        throw new UserFacingException("prefix:" + candidate + " is not a BullMQ prefix.");
      }
    }
    String p =
        prefixes.stream()
            .filter(candidate -> lookup.exists(candidate + ":" + name + ":meta"))
            .findFirst()
            .orElse(null);
    boolean bull = p != null;
    boolean rq = lookup.isMember(RQ_QUEUES, "rq:queue:" + name);
    Optional<System> wanted = system.map(s -> System.valueOf(s.toUpperCase(Locale.ROOT)));
    if (wanted.isPresent()) {
      boolean there = wanted.get() == System.BULLMQ ? bull : rq;
      if (there) {
        return new QueueRef(wanted.get(), name, wanted.get() == System.BULLMQ ? p : "rq");
      }
    } else if (bull && rq) {
      throw new UserFacingException(
          "Both BullMQ and RQ have a queue named " + name + "; add system:bullmq or system:rq.");
    } else if (bull || rq) {
      return new QueueRef(bull ? System.BULLMQ : System.RQ, name, bull ? p : "rq");
    }
    List<String> known = lookup.known(prefixes);
    throw new UserFacingException(
        "There is no "
            + wanted.map(s -> s.label() + " ").orElse("")
            + "queue named "
            + name
            + " (BullMQ "
            + (prefixes.size() == 1 ? "prefix " : "prefixes ")
            + String.join(", ", prefixes)
            + "); known: "
            + (known.isEmpty() ? "none" : String.join(", ", known))
            + ".");
  }
}
