package dev.incidentbot.testing;

import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The one test {@link Outbox}: keeps what the code under test posts, edits and the threads it
 * starts, for tests to wait for and assert on. Thread-safe.
 *
 * <p>Three ways to use it:
 *
 * <ul>
 *   <li>{@link #RecordingOutbox()}: the chat itself, channels named {@code ops}, {@code alerts} and
 *       {@code stakeholders}, every call instant.
 *   <li>{@link #RecordingOutbox(Duration)}: the chat itself like a chat platform's REST API:
 *       channel ids are Discord-like snowflakes ({@link #ALERTS}, {@link #OPS}, {@link
 *       #STAKEHOLDERS}), each call takes {@code latency}, and {@link #maxInFlight()} tells how many
 *       calls overlapped.
 *   <li>{@link #RecordingOutbox(Outbox)}: in front of a real adapter (the console): records every
 *       post, then hands it on; places, message ids and threads are the adapter's.
 * </ul>
 *
 * <p>{@link #posts()} shows messages as they read now: an edit replaces its post's reply there and
 * is also recorded in {@link #edits()}.
 */
public final class RecordingOutbox implements Outbox {
  /** The alerts channel's id with {@link #RecordingOutbox(Duration)}. */
  public static final String ALERTS = "100000000000000001";

  /** The ops channel's id with {@link #RecordingOutbox(Duration)}. */
  public static final String OPS = "100000000000000002";

  /** The stakeholder channel's id with {@link #RecordingOutbox(Duration)}. */
  public static final String STAKEHOLDERS = "100000000000000003";

  /**
   * One post: where, its message id, what (as edited since), and when ({@link System#nanoTime}).
   */
  public record Post(Place place, String messageId, Reply reply, long atNanos) {}

  /** One edit of a posted message. */
  public record Edit(Place place, String messageId, Reply reply, long atNanos) {}

  /** One thread start: on which message, its name and the thread's place. */
  public record StartedThread(Posted on, String name, Place thread) {}

  private final Outbox adapter;
  private final boolean snowflakes;
  private final Duration latency;
  private final List<Post> posts = new ArrayList<>();
  private final List<Edit> edits = new ArrayList<>();
  private final List<StartedThread> threads = new ArrayList<>();
  private final AtomicInteger ids = new AtomicInteger(1000);
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicInteger threadFailures = new AtomicInteger();
  private volatile Consumer<Post> onPost = post -> {};

  /** The chat itself: channels named {@code ops}, {@code alerts}, {@code stakeholders}. */
  public RecordingOutbox() {
    this(null, false, Duration.ZERO);
  }

  /** The chat itself with snowflake channel ids, each call taking {@code latency}. */
  public RecordingOutbox(Duration latency) {
    this(null, true, latency);
  }

  /** In front of {@code adapter}: records every post, then hands it on. */
  public RecordingOutbox(Outbox adapter) {
    this(adapter, false, Duration.ZERO);
  }

  private RecordingOutbox(Outbox adapter, boolean snowflakes, Duration latency) {
    this.adapter = adapter;
    this.snowflakes = snowflakes;
    this.latency = latency;
  }

  @Override
  public Place place(Channel channel) {
    if (adapter != null) {
      return adapter.place(channel);
    }
    if (!snowflakes) {
      return Place.channel(channel.name().toLowerCase(Locale.ROOT));
    }
    return Place.channel(
        switch (channel) {
          case ALERTS -> ALERTS;
          case OPS -> OPS;
          case STAKEHOLDERS -> STAKEHOLDERS;
        });
  }

  @Override
  public Posted post(Place place, Reply reply) {
    call();
    try {
      Posted posted = adapter != null ? null : new Posted(place, nextId());
      String id = posted != null ? posted.messageId() : null;
      var post = new Post(place, id, reply, System.nanoTime());
      onPost.accept(post);
      if (adapter != null) {
        // recorded before it is delivered, as a check set with onPost sees it
        synchronized (this) {
          posts.add(post);
        }
        posted = adapter.post(place, reply);
        replaceId(post, posted.messageId());
        return posted;
      }
      synchronized (this) {
        posts.add(post);
      }
      return posted;
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /** Numeric like a snowflake with snowflake channels, "m1001" otherwise. */
  private String nextId() {
    int id = ids.incrementAndGet();
    return snowflakes ? String.valueOf(id) : "m" + id;
  }

  private synchronized void replaceId(Post post, String messageId) {
    int i = posts.indexOf(post);
    if (i >= 0) {
      posts.set(i, new Post(post.place(), messageId, post.reply(), post.atNanos()));
    }
  }

  @Override
  public boolean edit(Posted message, Reply reply) {
    call();
    try {
      if (adapter != null && !adapter.edit(message, reply)) {
        return false;
      }
      synchronized (this) {
        for (int i = 0; i < posts.size(); i++) {
          Post p = posts.get(i);
          if (message.messageId().equals(p.messageId()) && p.place().equals(message.place())) {
            posts.set(i, new Post(p.place(), p.messageId(), reply, p.atNanos()));
            edits.add(new Edit(message.place(), message.messageId(), reply, System.nanoTime()));
            return true;
          }
        }
        return adapter != null;
      }
    } finally {
      inFlight.decrementAndGet();
    }
  }

  @Override
  public Place startThread(Posted message, String name) {
    call();
    try {
      if (threadFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new IllegalStateException("chat platform unreachable (test)");
      }
      Place thread =
          adapter != null
              ? adapter.startThread(message, name)
              : message.place().inThread("t" + ids.incrementAndGet());
      synchronized (this) {
        threads.add(new StartedThread(message, name, thread));
      }
      return thread;
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private void call() {
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    if (!latency.isZero()) {
      try {
        Thread.sleep(latency.toMillis()); // the chat platform's latency: the point of this mode
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Runs {@code check} on every post as it is made, before it is delivered. */
  public void onPost(Consumer<Post> check) {
    this.onPost = check;
  }

  /** The next {@code count} thread starts fail, as when the chat platform is unreachable. */
  public void failThreads(int count) {
    threadFailures.set(count);
  }

  /** Every post so far, in order, as it reads now. */
  public synchronized List<Post> posts() {
    return List.copyOf(posts);
  }

  public synchronized List<Edit> edits() {
    return List.copyOf(edits);
  }

  public synchronized List<StartedThread> threads() {
    return List.copyOf(threads);
  }

  /** Posts at {@code place} (a channel or a thread), in order. */
  public synchronized List<Post> in(Place place) {
    return posts.stream().filter(p -> place.equals(p.place())).toList();
  }

  /** The replies posted at {@code place}, in order. */
  public List<Reply> at(Place place) {
    return in(place).stream().map(Post::reply).toList();
  }

  /** Posts straight in channel {@code channelId}, not in a thread. */
  public synchronized List<Post> inChannel(String channelId) {
    return posts.stream()
        .filter(p -> p.place().channelId().equals(channelId) && p.place().threadId() == null)
        .toList();
  }

  /** The most calls that were under way at once. */
  public int maxInFlight() {
    return maxInFlight.get();
  }

  /** Waits until at least {@code count} posts arrived; fails after {@code timeout}. */
  public List<Post> await(int count, Duration timeout) {
    await(p -> true, count, timeout);
    return posts();
  }

  /** Waits until {@code count} posts match, returning them; fails after {@code timeout}. */
  public List<Post> await(Predicate<Post> match, int count, Duration timeout) {
    try {
      Awaitility.await(count + " matching posts")
          .atMost(timeout)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(10))
          .until(() -> matching(match).size() >= count);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "expected "
              + count
              + " matching posts within "
              + timeout
              + ", got "
              + matching(match).size()
              + "; all posts: "
              + titles(),
          e);
    }
    return matching(match);
  }

  /**
   * Waits until exactly {@code count} posts are there and asserts that they stay {@code count} for
   * {@code during}: time for one more post, were one coming. Fails listing the posts.
   */
  public void assertPostsStay(int count, Duration during) {
    try {
      Awaitility.await("posts to stay at " + count)
          .during(during)
          .atMost(during.plusSeconds(10))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> posts().size() == count);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "expected the posts to stay at " + count + " for " + during + "; all posts: " + titles(),
          e);
    }
  }

  private synchronized List<Post> matching(Predicate<Post> match) {
    return posts.stream().filter(match).toList();
  }

  private synchronized List<String> titles() {
    return posts.stream().map(p -> p.place() + " " + p.reply().title()).toList();
  }
}
