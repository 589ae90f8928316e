package dev.incidentbot.bot.alert;

import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An outbox that records what the bot posts, edits and the threads it starts, taking {@code
 * latency} per call like a chat platform's REST API, and tracking how many calls were in flight at
 * once. {@link #posts()} shows messages as they read now: an edit replaces its post's reply there,
 * and is also recorded in {@link #edits()}.
 */
final class RecordingOutbox implements Outbox {
  static final String ALERTS = "100000000000000001";
  static final String OPS = "100000000000000002";
  static final String STAKEHOLDERS = "100000000000000003";

  /** One post. */
  record Post(Place place, String messageId, Reply reply, long atNanos) {}

  /** One edit of a posted message. */
  record Edit(Place place, String messageId, Reply reply, long atNanos) {}

  /** One thread start. */
  record Thread(Posted on, String name, Place thread) {}

  private final Duration latency;
  private final List<Post> posts = new ArrayList<>();
  private final List<Edit> edits = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicInteger ids = new AtomicInteger(1000);
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final AtomicInteger threadFailures = new AtomicInteger();

  RecordingOutbox(Duration latency) {
    this.latency = latency;
  }

  @Override
  public Place place(Channel channel) {
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
      String id = String.valueOf(ids.incrementAndGet());
      synchronized (this) {
        posts.add(new Post(place, id, reply, System.nanoTime()));
        notifyAll();
      }
      return new Posted(place, id);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  @Override
  public boolean edit(Posted message, Reply reply) {
    call();
    try {
      synchronized (this) {
        for (int i = 0; i < posts.size(); i++) {
          Post p = posts.get(i);
          if (p.messageId().equals(message.messageId()) && p.place().equals(message.place())) {
            posts.set(i, new Post(p.place(), p.messageId(), reply, p.atNanos()));
            edits.add(new Edit(message.place(), message.messageId(), reply, System.nanoTime()));
            notifyAll();
            return true;
          }
        }
        return false;
      }
    } finally {
      inFlight.decrementAndGet();
    }
  }

  synchronized List<Edit> edits() {
    return List.copyOf(edits);
  }

  /** The next {@code count} thread starts fail, as when the chat platform is unreachable. */
  void failThreads(int count) {
    threadFailures.set(count);
  }

  @Override
  public Place startThread(Posted message, String name) {
    call();
    try {
      if (threadFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new IllegalStateException("chat platform unreachable (test)");
      }
      Place thread = message.place().inThread("t" + ids.incrementAndGet());
      synchronized (this) {
        threads.add(new Thread(message, name, thread));
        notifyAll();
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
        java.lang.Thread.sleep(latency.toMillis());
      } catch (InterruptedException e) {
        java.lang.Thread.currentThread().interrupt();
      }
    }
  }

  synchronized List<Post> posts() {
    return List.copyOf(posts);
  }

  synchronized List<Thread> threads() {
    return List.copyOf(threads);
  }

  /** Posts in {@code thread}, in order. */
  synchronized List<Post> in(Place thread) {
    return posts.stream().filter(p -> thread.equals(p.place())).toList();
  }

  /** Posts straight in channel {@code channelId}, not in a thread. */
  synchronized List<Post> inChannel(String channelId) {
    return posts.stream()
        .filter(p -> p.place().channelId().equals(channelId) && p.place().threadId() == null)
        .toList();
  }

  int maxInFlight() {
    return maxInFlight.get();
  }

  /** Waits until {@code count} posts match, or fails after {@code timeout}. */
  synchronized List<Post> await(Predicate<Post> match, int count, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<Post> found = posts.stream().filter(match).toList();
      if (found.size() >= count) {
        return found;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            "expected "
                + count
                + " matching posts within "
                + timeout
                + ", got "
                + found.size()
                + "; all posts: "
                + posts.stream().map(p -> p.place() + " " + p.reply().title()).toList());
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }
}
