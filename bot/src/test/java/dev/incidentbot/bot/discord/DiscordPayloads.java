package dev.incidentbot.bot.discord;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.incidentbot.chat.Action;
import dev.incidentbot.chat.ComponentStore;
import dev.incidentbot.chat.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;

/**
 * What the Discord layer would send for a reply, as JSON, without a network: the reply laid out by
 * {@link ReplyLayout} (on-call role {@value #ON_CALL_ROLE}) and built by {@link DiscordMessages},
 * one message payload per part, keys sorted. Buttons get ids {@code btn:c1}, {@code btn:c2} … with
 * their actions listed beside the payloads, so golden files show what each button does.
 */
public final class DiscordPayloads {
  /** The on-call role id golden files mention. */
  public static final String ON_CALL_ROLE = "900000000000000009";

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private DiscordPayloads() {}

  /** The payloads of {@code reply}, pretty-printed, ending with a newline. */
  public static String json(Reply reply) {
    var store = new CountingStore();
    var messages = new DiscordMessages(store);
    var payloads = new ArrayList<Object>();
    for (MessagePart part : new ReplyLayout(ON_CALL_ROLE).layout(reply)) {
      try (MessageCreateData data = messages.create(part)) {
        payloads.add(data.toData().toMap());
      }
    }
    var buttons = new ArrayList<Object>();
    for (int i = 0; i < store.actions.size(); i++) {
      Action a = store.actions.get(i);
      buttons.add(Map.of("id", "btn:c" + (i + 1), "command", a.command(), "options", a.options()));
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter()
              .writeValueAsString(Map.of("messages", payloads, "buttons", buttons))
          + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Numbers buttons in the order they are stored. */
  private static final class CountingStore implements ComponentStore {
    final List<Action> actions = new ArrayList<>();

    @Override
    public String save(Action action, Duration lifespan) {
      actions.add(action);
      return "c" + actions.size();
    }

    @Override
    public Optional<Action> find(String id) {
      return Optional.empty();
    }
  }
}
