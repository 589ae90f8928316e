package dev.incidentbot.testing;

import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** An {@link Outbox} that keeps what is posted, for tests to wait for and assert on. */
public final class RecordingOutbox implements Outbox {
  /** One post: where and what. */
  public record Post(Place place, Reply reply) {}

  private final List<Post> posts = new ArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();

  @Override
  public Place place(Channel channel) {
    return Place.channel(channel.name().toLowerCase(java.util.Locale.ROOT));
  }

  @Override
  public synchronized Posted post(Place place, Reply reply) {
    posts.add(new Post(place, reply));
    notifyAll();
    return new Posted(place, "m" + ids.incrementAndGet());
  }

  @Override
  public Place startThread(Posted message, String name) {
    return message.place().inThread("t" + ids.incrementAndGet());
  }

  public synchronized List<Post> posts() {
    return List.copyOf(posts);
  }

  /** Waits until at least {@code count} posts arrived; fails after {@code timeout}. */
  public synchronized List<Post> await(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (posts.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            "expected "
                + count
                + " posts within "
                + timeout
                + ", got "
                + posts.size()
                + ": "
                + posts);
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return List.copyOf(posts);
  }
}
