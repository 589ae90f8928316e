package dev.incidentbot.bot;

import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Reply;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@link Outbox} commands are built with: it forwards to the chat adapter (console or Discord)
 * attached once that adapter exists, which is after the commands and router it needs. A standby
 * instance attaches a relay to the leader first ({@link dev.incidentbot.bot.relay.RelayedOutbox})
 * and the chat adapter in its place when it takes the gateway. Posting before anything is attached
 * is a wiring bug and fails loudly.
 *
 * <p>Thread-safe.
 */
public final class AdapterOutbox implements Outbox {
  private final AtomicReference<Outbox> adapter = new AtomicReference<>();

  /** Attaches the adapter, in place of the one attached before (a standby's relay). */
  public void attach(Outbox outbox) {
    adapter.set(java.util.Objects.requireNonNull(outbox, "outbox"));
  }

  private Outbox adapter() {
    Outbox outbox = adapter.get();
    if (outbox == null) {
      throw new IllegalStateException("no chat adapter is attached to post with");
    }
    return outbox;
  }

  @Override
  public Place place(Channel channel) {
    return adapter().place(channel);
  }

  @Override
  public Posted post(Place place, Reply reply) {
    return adapter().post(place, reply);
  }

  @Override
  public Posted post(Place place, Reply reply, String key) {
    return adapter().post(place, reply, key);
  }

  @Override
  public boolean edit(Posted message, Reply reply) {
    return adapter().edit(message, reply);
  }

  @Override
  public Place startThread(Posted message, String name) {
    return adapter().startThread(message, name);
  }
}
