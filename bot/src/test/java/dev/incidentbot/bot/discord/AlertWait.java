package dev.incidentbot.bot.discord;

import dev.incidentbot.bot.discord.fake.FakeDiscordExtension;
import dev.incidentbot.bot.discord.fake.FakeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What the end-to-end alert tests wait for on the fake Discord: an alert message in #alerts, the
 * messages of its thread. Polls until found; on time-out fails with the titles in #alerts and what
 * the rest of the stack logged (Alertmanager, Prometheus), as the test names it.
 */
final class AlertWait {
  private final FakeDiscordExtension discord;
  private final Duration timeout;
  private final Supplier<String> stackLog;

  /**
   * @param stackLog what the servers behind the bot logged, appended to a time-out's message
   */
  AlertWait(FakeDiscordExtension discord, Duration timeout, Supplier<String> stackLog) {
    this.discord = discord;
    this.timeout = timeout;
    this.stackLog = stackLog;
  }

  /** The message in #alerts whose title ends with {@code name} ("RedisDown orders"). */
  FakeMessage alertMessage(String name) {
    return await(
        "the alert message " + name,
        () ->
            discord.fake().messages("alerts").stream()
                .filter(m -> m.title().endsWith("] " + name))
                .findFirst());
  }

  /** The first message in the thread on {@code alert} that passes {@code test}. */
  FakeMessage thread(FakeMessage alert, Predicate<FakeMessage> test) {
    return await(
        "a message in the thread of " + alert.title(),
        () -> threadOf(alert).flatMap(messages -> messages.stream().filter(test).findFirst()));
  }

  /** The messages in the thread on {@code alert}, once it has at least {@code count}. */
  List<FakeMessage> thread(FakeMessage alert, int count) {
    return await(
        count + " messages in the thread on '" + alert.title() + "'",
        () -> threadOf(alert).filter(messages -> messages.size() >= count));
  }

  private Optional<List<FakeMessage>> threadOf(FakeMessage alert) {
    try {
      return Optional.of(discord.fake().messages(alert.id()));
    } catch (IllegalArgumentException noThreadYet) {
      return Optional.empty();
    }
  }

  /** Polls {@code probe} until it finds something; fails with what the stack logged. */
  <T> T await(String what, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<T> found = probe.get();
      if (found.isPresent()) {
        return found.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "waited "
                + timeout.toSeconds()
                + " s in vain for "
                + what
                + "; #alerts has "
                + discord.fake().messages("alerts").stream().map(FakeMessage::title).toList()
                + stackLog.get());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }
}
