package dev.incidentbot.bot.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidentbot.bot.config.BotConfig.ConsoleUser;
import dev.incidentbot.chat.Action;
import dev.incidentbot.chat.Button;
import dev.incidentbot.chat.Command;
import dev.incidentbot.chat.CommandSpec;
import dev.incidentbot.chat.ComponentStore;
import dev.incidentbot.chat.OptionSpec;
import dev.incidentbot.chat.Outbox.Channel;
import dev.incidentbot.chat.Reply;
import dev.incidentbot.chat.Roles;
import dev.incidentbot.chat.Router;
import dev.incidentbot.chat.UserRef;
import dev.incidentbot.testing.RecordingAuditLog;
import dev.incidentbot.testing.TestCommand;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("ConsoleChat: button numbers, person options, title-less replies")
class ConsoleChatTest {
  @TempDir Path files;
  private final ExecutorService workers = Executors.newFixedThreadPool(2);
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final ComponentStore components =
      new ComponentStore() {
        private final Map<String, Action> saved = new ConcurrentHashMap<>();
        private final AtomicInteger next = new AtomicInteger();

        @Override
        public String save(Action action, Duration lifespan) {
          String id = "c" + next.incrementAndGet();
          saved.put(id, action);
          return id;
        }

        @Override
        public Optional<Action> find(String id) {
          return Optional.ofNullable(saved.get(id));
        }
      };

  /** {@code /assign user:} answers with the person it got, as the command reads it. */
  private final Command assign =
      TestCommand.answering(
          CommandSpec.of(
              "incident assign", "test", Roles.VIEWER, OptionSpec.user("user", "who", true)),
          request ->
              Reply.text("assigned to " + UserRef.parse(request.requireOption("user")).id()));

  private final ConsoleChat chat =
      new ConsoleChat(
          new Router(List.of(assign), new RecordingAuditLog()),
          components,
          List.of(
              new ConsoleUser("alice", List.of(Roles.VIEWER)),
              new ConsoleUser("bob", List.of(Roles.VIEWER))),
          new PrintStream(printed, true, StandardCharsets.UTF_8),
          Clock.systemUTC(),
          workers,
          files);

  @AfterEach
  void stop() {
    workers.shutdownNow();
  }

  private String type(String lines) throws Exception {
    int from = printed.size();
    chat.run(new BufferedReader(new StringReader(lines)));
    byte[] all = printed.toByteArray();
    return new String(all, from, all.length - from, StandardCharsets.UTF_8);
  }

  private static Reply plan(String id) {
    return Reply.builder("Confirm? purge on cache")
        .button("Confirm", Button.Style.DANGER, Action.of("confirm", "id", id))
        .button("Cancel", Button.Style.SECONDARY, Action.of("cancel", "id", id))
        .build();
  }

  private static Reply progress(String id, int done) {
    return Reply.builder("Running purge: " + done + " keys")
        .button("Stop", Button.Style.DANGER, Action.of("stop-action", "id", id))
        .build();
  }

  @Test
  @DisplayName("threads of a later run never reuse an earlier run's ids (incidents store theirs)")
  void threadIdsAcrossRuns() throws Exception {
    var earlier = chat.startThread(chat.post(chat.place(Channel.OPS), Reply.text("a")), "INC-1");
    Thread.sleep(5); // a restart takes longer than this
    var later =
        new ConsoleChat(
            new Router(List.of(assign), new RecordingAuditLog()),
            components,
            List.of(new ConsoleUser("alice", List.of(Roles.VIEWER))),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            Clock.systemUTC(),
            workers,
            files);
    var next = later.startThread(later.post(later.place(Channel.OPS), Reply.text("b")), "INC-2");

    assertThat(next.threadId()).isNotEqualTo(earlier.threadId());
  }

  @Test
  @DisplayName("a button keeps its number when shown again; new buttons never take an old number")
  void numbersAreStable() {
    assertThat(chat.render(plan("aaaaaaaa11"))).contains("[1] Confirm  [2] Cancel");
    assertThat(chat.render(progress("aaaaaaaa11", 10))).contains("[3] Stop");
    assertThat(chat.render(plan("bbbbbbbb22"))).contains("[4] Confirm  [5] Cancel");
    assertThat(chat.render(progress("aaaaaaaa11", 20))).contains("[3] Stop");
    assertThat(chat.render(progress("aaaaaaaa11", 30))).contains("[3] Stop");
    assertThat(chat.render(plan("bbbbbbbb22"))).contains("[4] Confirm  [5] Cancel");
  }

  @Test
  @DisplayName("a plan's buttons print with the plan's id")
  void planId() {
    assertThat(chat.render(plan("3f9a1c0d77")))
        .contains("[1] Confirm  [2] Cancel   (plan 3f9a1c; type press N)");
    assertThat(
            chat.render(
                Reply.builder("x").button("Go", Button.Style.PRIMARY, Action.of("help")).build()))
        .contains("[3] Go   (type press N)");
  }

  @Test
  @DisplayName("a number never shown in this run: earlier runs' buttons are gone, /audit has plans")
  void pressFromEarlierRun() throws Exception {
    assertThat(type("press 3\n"))
        .contains("There is no button [3] in this run")
        .contains("/audit lists plans still waiting for confirmation");
  }

  @Test
  @DisplayName("user:@bob and user:bob name console user bob; an unknown name lists the known ones")
  void personOptions() throws Exception {
    assertThat(type("/incident assign user:@bob\n")).contains("assigned to bob");
    assertThat(type("/incident assign user:Bob\n")).contains("assigned to bob");
    String unknown = type("/incident assign user:dave\n");
    assertThat(unknown)
        .contains("user:dave is not a console user; known: @alice, @bob.")
        .doesNotContain("assigned");
  }

  @Test
  @DisplayName("an error has no empty heading line: its text, marked by severity")
  void titleLessError() {
    assertThat(chat.render(Reply.error("Nope."))).isEqualTo("⚠ Nope.\n");
    assertThat(chat.render(Reply.builder("Busy").text("Nope.").build()))
        .isEqualTo("── Busy\nNope.\n");
  }

  @Test
  @DisplayName(
      "code blocks come before fields, in the order Discord shows an embed (description first)")
  void codeBeforeFields() {
    Reply reply =
        Reply.builder("Commands")
            .code("", "/help")
            .field("Not set up here", "/runbook run")
            .build();
    assertThat(chat.render(reply))
        .isEqualTo("── Commands\n  /help\nNot set up here:\n  /runbook run\n");
  }
}
