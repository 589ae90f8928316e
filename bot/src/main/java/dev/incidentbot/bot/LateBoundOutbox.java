package dev.incidentbot.bot;

import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Reply;
import java.util.Objects;

/**
 * The chat adapter's {@link Outbox}, for what is built before the adapter exists: the wiring gives
 * this to job handlers, and the adapter is attached when it starts (console or Discord). Nothing
 * posts before then, because the scheduler starts only after the attachment. Thread-safe.
 */
final class LateBoundOutbox implements Outbox {
  private volatile Outbox target;

  void attach(Outbox adapter) {
    this.target = Objects.requireNonNull(adapter, "adapter");
  }

  private Outbox target() {
    Outbox t = target;
    if (t == null) {
      throw new IllegalStateException("no chat adapter attached yet: start the bot first");
    }
    return t;
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
}
