package dev.incidentbot.bot.incident;

import dev.incidentbot.bot.Wiring;
import dev.incidentbot.bot.config.BotConfig;
import dev.incidentbot.bot.config.ConfigLoader;
import dev.incidentbot.bot.console.ConsoleChat;
import dev.incidentbot.chat.Outbox;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.testing.Printed;
import dev.incidentbot.testing.RecordingOutbox;
import dev.incidentbot.timeline.TimelineEvent;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;

/**
 * The bot as {@code Main} runs it in console mode, for tests: the real wiring with an in-memory H2
 * database and the console chat as the adapter, its posts recorded on the way to the console.
 */
final class ConsoleBot implements AutoCloseable {
  final Wiring wiring;
  final ConsoleChat console;
  final RecordingOutbox outbox;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  ConsoleBot(BotConfig config, Clock clock, Wiring.SchedulerFactory schedulers, Path files) {
    this.wiring = new Wiring(config, clock, schedulers);
    this.console =
        new ConsoleChat(
            wiring.router(),
            wiring.components(),
            config.consoleUsers(),
            new PrintStream(printed, true, StandardCharsets.UTF_8),
            clock,
            wiring.workers(),
            files);
    this.outbox = new RecordingOutbox(console);
    wiring.start(outbox);
  }

  /**
   * The configuration tests use: target cache at {@code redisUrl}, four users (alice: every role,
   * bob: commander, vic: viewer, dan: operator), a fresh H2.
   */
  static BotConfig config(String redisUrl, String incidentsYaml) throws Exception {
    String yaml =
        """
        targets:
          - name: cache
            url: %s
            services: [Publishing, Notifications, Rate Limiting]
          - name: sessions
            url: redis://127.0.0.1:1
        console:
          users:
            - name: alice
              roles: [viewer, operator, commander]
            - name: bob
              roles: [viewer, commander]
            - name: vic
              roles: [viewer]
            - name: dan
              roles: [viewer, operator]
        store:
          url: jdbc:h2:mem:%s;DB_CLOSE_DELAY=-1
        %s
        """
            .formatted(redisUrl, UUID.randomUUID(), incidentsYaml);
    return new ConfigLoader(name -> null).parse("test.yml", yaml);
  }

  /** Types {@code lines} at the console and waits until every one has been answered. */
  String type(String lines) throws Exception {
    int from = printed.size();
    console.run(new BufferedReader(new StringReader(lines)));
    return printedSince(from);
  }

  private String printedSince(int from) {
    byte[] all = printed.toByteArray();
    return new String(all, from, all.length - from, StandardCharsets.UTF_8);
  }

  /**
   * Presses a button: the console runs presses of buttons on screen at once, beside the queue, so
   * this waits until {@code expected} is printed (at most 5 s) and returns what was printed.
   */
  String press(String line, String expected) throws Exception {
    int from = printed.size();
    console.run(new BufferedReader(new StringReader(line)));
    return Printed.await(
        () -> printedSince(from),
        out -> out.contains(expected),
        "'" + line.strip() + "' to print '" + expected + "'",
        Duration.ofSeconds(5),
        () -> "");
  }

  /** Waits up to 10 s until {@code incident}'s timeline holds an event of {@code kind}. */
  void awaitEvent(String incident, TimelineEvent.Kind kind) {
    Awaitility.await("a " + kind + " event in " + incident)
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> wiring.incidents().events(incident).stream().anyMatch(e -> e.kind() == kind));
  }

  String printed() {
    return printed.toString(StandardCharsets.UTF_8);
  }

  Place stakeholders() {
    return outbox.place(Outbox.Channel.STAKEHOLDERS);
  }

  java.util.List<Reply> postsAt(Place place) {
    return outbox.at(place);
  }

  @Override
  public void close() {
    wiring.close();
  }
}
