package dev.incidentbot.bot;

import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Reply;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The outbox features are built with, before the chat adapter that really posts exists: the adapter
 * (console or Discord) {@link #attach}es itself once it is up. Posting before that fails with a
 * clear message rather than losing the message silently.
 *
 * <p>Thread-safe.
 */
public final class ForwardingOutbox implements Outbox {
  private final AtomicReference<Outbox> target = new AtomicReference<>();

  /** Sends everything to {@code outbox} from now on. */
  public void attach(Outbox outbox) {
    target.set(outbox);
  }

  public boolean attached() {
    return target.get() != null;
  }

  @Override
  public Place place(Channel channel) {
    return target().place(channel);
  }

  @Override
  public Posted post(Place place, Reply reply) {
    return target().post(place, reply);
  }

  @Override
  public Place startThread(Posted message, String name) {
    return target().startThread(message, name);
  }

  private Outbox target() {
    Outbox outbox = target.get();
    if (outbox == null) {
      throw new IllegalStateException("no chat adapter is attached yet to post messages");
    }
    return outbox;
  }
}
