package dev.incidentbot.bot.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.TestWiring;
import dev.incidentbot.bot.Wiring;
import dev.incidentbot.chat.Place;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Severity;
import dev.incidentbot.redis.Target;
import dev.incidentbot.testing.MutableClock;
import dev.incidentbot.testing.Printed;
import dev.incidentbot.testing.RedisExtension;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console at a terminal: real JLine on a terminal whose keyboard and screen are pipes, the real
 * wiring and a real redis-server. Keys are typed as a person types them (Tab, arrows, Enter) and
 * the screen is read back, escape codes included.
 */
@DisplayName("Console at a terminal (JLine): completion, history, colour, posts above the prompt")
class ConsoleTerminalTest {
  private static final Duration SCREEN = Duration.ofSeconds(15);
  @RegisterExtension static final RedisExtension redis = new RedisExtension();

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T10:00:00Z"));
  private Wiring wiring;
  private PipedOutputStream keyboard;
  private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
  private Thread reading;
  private ConsoleTerminal console;
  private ConsoleChat chat;

  @BeforeEach
  void start() {
    wiring = TestWiring.start(List.of(Target.standalone("main", redis.server().url())), clock);
  }

  @AfterEach
  void stop() throws Exception {
    if (keyboard != null) {
      keyboard.close();
    }
    if (reading != null) {
      reading.join(10_000);
    }
    if (console != null) {
      console.close();
    }
    wiring.close();
  }

  private void open(Map<String, String> env) throws Exception {
    keyboard = new PipedOutputStream();
    var keys = new PipedInputStream(keyboard, 64 * 1024);
    Terminal terminal =
        TerminalBuilder.builder()
            .system(false)
            .streams(keys, screen)
            .type("xterm-256color")
            .encoding(StandardCharsets.UTF_8)
            .size(new org.jline.terminal.Size(160, 50))
            .build();
    console =
        ConsoleTerminal.on(
            terminal,
            wiring.router(),
            wiring.components(),
            TestWiring.USERS,
            wiring.clock(),
            wiring.workers(),
            wiring.targets()::names,
            outbox -> {
              chat = (ConsoleChat) outbox;
              wiring.start(outbox);
            },
            dir,
            Optional.of(dir.resolve("bot.log")),
            env::get);
    reading = new Thread(console::run, "console-terminal-test");
    reading.start();
  }

  private void type(String keys) throws Exception {
    keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
    keyboard.flush();
  }

  private String screen() {
    synchronized (screen) {
      return screen.toString(StandardCharsets.UTF_8);
    }
  }

  private void awaitScreen(String text) {
    Printed.await(
        this::screen, s -> s.contains(text), "'" + text + "' on the screen", SCREEN, () -> "");
  }

  @Test
  @DisplayName(
      "Tab completes the command, the subcommand, the option and the target; Enter runs it")
  void completesAndRuns() throws Exception {
    open(Map.of());
    awaitScreen("Ctrl-D quits");

    type("/red\t");
    type("hea\t");
    type("tar\t");
    type("\t");
    type("\r");

    awaitScreen("main: healthy");
    assertThat(screen()).contains("/redis health target:main");
    assertThat(screen())
        .as("the headline is coloured by severity")
        .containsPattern("\u001b\\[[0-9;]*32m[^\n]*main: healthy");
  }

  @Test
  @DisplayName("history: Up recalls the last command, and it is kept in the data directory")
  void history() throws Exception {
    open(Map.of());
    awaitScreen("Ctrl-D quits");
    type("/help\r");
    awaitScreen("Commands");

    type("\u001bOA\r"); // Up (as xterm sends it in keypad mode), Enter: /help again

    Printed.await(
        this::screen,
        s -> s.split("list the commands you can run", -1).length >= 3,
        "a second /help answer",
        SCREEN,
        () -> "");
    keyboard.close();
    reading.join(10_000);
    console.close();
    console = null;
    assertThat(Files.readString(dir.resolve("console_history"))).contains("/help");
  }

  @Test
  @DisplayName("a post that arrives while someone types is printed above the prompt, the line kept")
  void postAbovePrompt() throws Exception {
    open(Map.of());
    awaitScreen("Ctrl-D quits");
    type("/redis hea");
    awaitScreen("/redis hea");

    chat.post(
        Place.channel("ops"), Reply.builder("Follow-up: main held").severity(Severity.OK).build());

    awaitScreen("Follow-up: main held");
    String after = screen().substring(screen().indexOf("Follow-up: main held"));
    assertThat(after).as("the typed line is drawn again under the post").contains("/redis hea");
  }

  @Test
  @DisplayName("NO_COLOR turns colour off")
  void noColour() throws Exception {
    open(Map.of("NO_COLOR", "1"));
    awaitScreen("Ctrl-D quits");
    type("/redis health target:main\r");
    awaitScreen("main: healthy");

    assertThat(screen()).doesNotContainPattern("\u001b\\[[0-9;]*3[1-3]m");
  }
}
