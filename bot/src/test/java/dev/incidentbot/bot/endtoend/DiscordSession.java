package dev.incidentbot.bot.endtoend;

import dev.incidentbot.bot.discord.fake.FakeDiscord;
import dev.incidentbot.bot.discord.fake.FakeDiscordExtension;
import dev.incidentbot.bot.discord.fake.FakeInteraction;
import dev.incidentbot.bot.discord.fake.FakeMessage;
import dev.incidentbot.bot.discord.fake.FakeUser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The Discord adapter as members of the fake guild use it: slash commands in #ops and button
 * clicks, answered by real JDA. alice and bob hold the Operator and Viewer roles, victor only
 * Viewer. An answer is read as people see it: the interaction's message (once no longer "thinking")
 * with the follow-ups it continues in and the files attached to them.
 */
final class DiscordSession implements Chat {
  private final FakeDiscordExtension discord;
  private final Map<String, FakeUser> members = new ConcurrentHashMap<>();

  DiscordSession(FakeDiscordExtension discord) {
    this.discord = discord;
  }

  FakeUser member(String name) {
    return members.computeIfAbsent(
        name,
        n ->
            n.equals("victor") ? discord.user(n, "Viewer") : discord.user(n, "Operator", "Viewer"));
  }

  @Override
  public Exchange send(String user, String command, Map<String, String> options) {
    return watch(discord.slash(command, options, member(user)));
  }

  @Override
  public Exchange press(Shown message, String label, String user) {
    Object on = message.handles().get(label);
    if (!(on instanceof FakeMessage m)) {
      throw new AssertionError("no button '" + label + "' on " + message);
    }
    return watch(discord.click(m, label, member(user)));
  }

  private Exchange watch(FakeInteraction sent) {
    return (test, what, timeout) -> await(sent, test, what, timeout);
  }

  private Shown await(FakeInteraction sent, Predicate<Shown> test, String what, Duration timeout) {
    FakeDiscord fake = discord.fake();
    long deadline = System.nanoTime() + timeout.toNanos();
    Shown last = null;
    while (true) {
      Optional<Shown> now = current(fake, fake.interaction(sent.id()));
      if (now.isPresent()) {
        last = now.get();
        if (test.test(last)) {
          return last;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "waited "
                + timeout.toSeconds()
                + " s for "
                + what
                + " to "
                + sent.description()
                + "; last seen: "
                + last);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  /** The answer as it stands: the original message unless deleted or loading, then follow-ups. */
  private static Optional<Shown> current(FakeDiscord fake, FakeInteraction interaction) {
    var parts = new ArrayList<FakeMessage>();
    String original = interaction.originalMessageId();
    if (original != null) {
      fake.messages(interaction.channelId()).stream()
          .filter(m -> m.id().equals(original) && !m.loading())
          .findFirst()
          .ifPresent(parts::add);
    }
    parts.addAll(fake.followUps(interaction));
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    var text = new StringBuilder();
    var labels = new ArrayList<String>();
    Map<String, Object> handles = new LinkedHashMap<>();
    for (FakeMessage part : parts) {
      text.append(part.allText()).append('\n');
      part.files()
          .forEach(
              (name, bytes) ->
                  text.append("[file ")
                      .append(name)
                      .append("]\n")
                      .append(new String(bytes, StandardCharsets.UTF_8))
                      .append('\n'));
      for (String label : part.buttonLabels()) {
        labels.add(label);
        handles.putIfAbsent(label, part);
      }
    }
    FakeMessage first = parts.get(0);
    return Optional.of(
        new Shown(
            first.title(), text.toString(), labels, first.edits(), first.ephemeral(), handles));
  }

  /** Everything in #ops, for a failing test to show. */
  List<FakeMessage> channel() {
    return discord.fake().messages("ops");
  }
}
